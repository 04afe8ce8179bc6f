// A contact's card after its first booking, exactly as the node leaves it: inserted pending, then
// announced (Created) by a second, conditional write. The execution that inserted the card announces
// it (syncBooking passes announceHeld once it has written); without that option the second plan writes
// nothing and the card would stay pending.
export function cardAfterFirstBooking(planSync, booking, settings, id) {
	const inserted = {
		id,
		createdAt: '2026-11-01T10:00:00.000Z',
		updatedAt: '2026-11-01T10:00:00.000Z',
		...planSync([], booking, settings).write,
	};
	const { write } = planSync([inserted], booking, settings, { announceHeld: true });
	if (write === null) throw new Error('the card after the first booking was not announced');
	return { ...inserted, ...write };
}

/** The card after one more delivery (a booking, a contact or a recap change), as the node writes it. */
export function cardAfterChange(planSync, card, change, settings) {
	const { write } = planSync([card], change, settings);
	if (write === null) throw new Error(`${change.kind ?? change.event}: no news for the card`);
	return { ...card, ...write };
}
