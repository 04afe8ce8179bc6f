import { repeatKey } from '../../nodes/CalendlyTrigger/delivery/repeats';
import { SeenKeys } from '../../nodes/shared/processMemory';

const HOUR = 3600_000;
const trigger = { workflowId: 'wf-1', webhookId: 'hook-1', mode: 'webhook' };
const booking = {
	event: 'invitee.created',
	created_at: '2026-12-04T10:00:00.000000Z',
	payload: {
		uri: 'https://api.calendly.com/scheduled_events/E1/invitees/I1',
		email: 'ann@example.com',
		status: 'active',
	},
};

describe('repeatKey: what makes two deliveries the same', () => {
	it('is the same for a retry however it is stamped, and short', () => {
		const key = repeatKey(trigger, booking);
		const restamped = { ...booking, created_at: '2026-12-04T10:05:00.000000Z' };
		expect(repeatKey(trigger, restamped)).toBe(key);
		expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
	});

	it('differs for another event, another payload, another trigger or workflow, and test against production', () => {
		const key = repeatKey(trigger, booking);
		const others = [
			repeatKey(trigger, { ...booking, event: 'invitee.canceled' }),
			repeatKey(trigger, { ...booking, payload: { ...booking.payload, status: 'canceled' } }),
			repeatKey({ ...trigger, webhookId: 'hook-2' }, booking),
			repeatKey({ ...trigger, workflowId: 'wf-2' }, booking),
			repeatKey({ ...trigger, mode: 'manual' }, booking),
		];
		expect(new Set([key, ...others]).size).toBe(others.length + 1);
	});

	it('does not confuse fields that run together (each part is kept apart)', () => {
		expect(repeatKey({ workflowId: 'a|b', webhookId: 'c', mode: 'webhook' }, booking)).not.toBe(
			repeatKey({ workflowId: 'a', webhookId: 'b|c', mode: 'webhook' }, booking),
		);
	});
});

describe('SeenKeys: bounded by age and by count', () => {
	it('sees a key once until it is older than the age limit', () => {
		const seen = new SeenKeys(48 * HOUR, 10);
		const t0 = Date.parse('2026-12-04T00:00:00Z');
		expect(seen.firstSight('a', t0)).toBe(true);
		expect(seen.firstSight('a', t0 + 24 * HOUR)).toBe(false);
		// A repeat does not extend the memory: 48 hours count from the first sight.
		expect(seen.firstSight('a', t0 + 48 * HOUR - 1)).toBe(false);
		expect(seen.firstSight('a', t0 + 48 * HOUR)).toBe(true);
	});

	it('forgets the oldest key first once full', () => {
		const seen = new SeenKeys(48 * HOUR, 3);
		const t0 = 1_000_000;
		for (const [i, key] of ['a', 'b', 'c', 'd'].entries())
			expect(seen.firstSight(key, t0 + i)).toBe(true);
		expect(seen.size).toBe(3);
		expect(seen.firstSight('b', t0 + 10)).toBe(false);
		expect(seen.firstSight('a', t0 + 11)).toBe(true);
	});

	it('drops expired keys as it goes, so a quiet process does not keep them', () => {
		const seen = new SeenKeys(HOUR, 100);
		for (let i = 0; i < 50; i++) seen.firstSight(`old-${i}`, i);
		seen.firstSight('new', 2 * HOUR);
		expect(seen.size).toBe(1);
	});

	it('keeps keys when the clock is set back', () => {
		const seen = new SeenKeys(HOUR, 100);
		expect(seen.firstSight('a', 10 * HOUR)).toBe(true);
		expect(seen.firstSight('a', 9 * HOUR)).toBe(false);
	});
});
