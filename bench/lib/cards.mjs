// A contact's card after its first booking, exactly as the node leaves it: inserted pending, then
// announced (Created) by a second, conditional write.
export function cardAfterFirstBooking(planSync, booking, settings, id) {
	const inserted = {
		id,
		createdAt: '2026-11-01T10:00:00.000Z',
		updatedAt: '2026-11-01T10:00:00.000Z',
		...planSync([], booking, settings).write,
	};
	return { ...inserted, ...planSync([inserted], booking, settings).write };
}
