import type { IDataObject } from 'n8n-workflow';

import type { StoredSubscription } from './plan';

/**
 * The trigger's records in its node static data (`getWorkflowStaticData('node')`, saved by n8n after
 * activation and deactivation; for "Listen for test event" n8n hands create()'s static data to webhook()
 * and delete()). Check Triggers reads the same records from n8n's public API. One record per webhook mode,
 * so a test run never overwrites the published workflow's record:
 *   productionSubscription  StoredSubscription for the production URL (created in mode 'trigger')
 *   testSubscription        StoredSubscription for the test URL (created in mode 'manual')
 * A record holds `uri`, the `callbackUrl` it was made for, `keySource` ('pat' | 'oauth') and, for 'pat',
 * the public `keyId` of the derived key (patKey.ts). Nothing here is needed to verify a delivery and
 * nothing is secret: static data is saved only after create() returns (a crash loses it) and n8n's public
 * API returns it. Records are always replaced whole: n8n only notices changes made directly on the node's
 * static data object.
 */
export type WebhookMode = 'production' | 'test';

const KEYS: Record<WebhookMode, string> = {
	production: 'productionSubscription',
	test: 'testSubscription',
};

function isStoredSubscription(value: unknown): value is StoredSubscription {
	const record = value as Partial<StoredSubscription> | undefined;
	return (
		typeof record === 'object' &&
		record !== null &&
		typeof record.uri === 'string' &&
		typeof record.callbackUrl === 'string' &&
		(record.keySource === 'pat' || record.keySource === 'oauth')
	);
}

export function readStored(
	staticData: IDataObject,
	mode: WebhookMode,
): StoredSubscription | undefined {
	const value = staticData[KEYS[mode]];
	return isStoredSubscription(value) ? value : undefined;
}

/** The modes whose record was made for this callback URL (n8n deletes test webhooks in mode 'internal'). */
export function modesStoredFor(staticData: IDataObject, callbackUrl: string): WebhookMode[] {
	return (Object.keys(KEYS) as WebhookMode[]).filter(
		(mode) => readStored(staticData, mode)?.callbackUrl === callbackUrl,
	);
}

export function writeStored(
	staticData: IDataObject,
	mode: WebhookMode,
	record: StoredSubscription,
): void {
	staticData[KEYS[mode]] = { ...record } as unknown as IDataObject;
}

export function clearStored(staticData: IDataObject, mode: WebhookMode): void {
	delete staticData[KEYS[mode]];
}
