import { createHash } from 'crypto';

/**
 * The repeat stop. Calendly counts an answer later than 15 seconds as a failed delivery and sends the
 * same delivery again (with a new signature time) for up to 24 hours, although n8n went on to start the
 * workflow for the late one. So the trigger remembers what it passed into the workflow and answers a
 * repeat 2xx without starting anything.
 *
 * A repeat is the same event with the same payload to the same trigger in the same mode: Calendly sends
 * no delivery id, and its payload names the invitee, submission or event type it is about, so two
 * different pieces of news never share one (a new booking, cancellation or no-show has its own URI and
 * time stamps). The envelope's `created_at` is left out so that a retry matches however it is stamped.
 * Production and "Listen for test event" deliveries share the trigger's webhook id, so the mode is part
 * of the key: each starts its own execution.
 */
export function repeatKey(
	trigger: { workflowId: string; webhookId: string; mode: string },
	envelope: { event?: unknown; payload?: unknown },
): string {
	return createHash('sha256')
		.update(
			JSON.stringify([
				trigger.workflowId,
				trigger.webhookId,
				trigger.mode,
				envelope.event,
				envelope.payload,
			]),
		)
		.digest('base64url')
		.slice(0, 22);
}
