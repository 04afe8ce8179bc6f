/**
 * Runs our nodes through n8n's real execution code (n8n-core's ExecuteContext, HookContext,
 * WebhookContext, LoadOptionsContext and RoutingNode), as n8n itself does, with only the parts n8n's
 * server would supply replaced: stored credentials (given in the test, applied with our credential
 * types' own `authenticate` definitions), webhook base URLs and the incoming HTTP request.
 */
import {
	ExecuteContext,
	HookContext,
	LoadOptionsContext,
	RoutingNode,
	WebhookContext,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsHelper,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	IRunExecutionData,
	IWebhookData,
	IWebhookFunctions,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow, createEmptyRunExecutionData } from 'n8n-workflow';

import { CalendlyCardsApi } from '../../credentials/CalendlyCardsApi.credentials';
import { CalendlyCardsN8nApi } from '../../credentials/CalendlyCardsN8nApi.credentials';
import { CalendlyCardsOAuth2Api } from '../../credentials/CalendlyCardsOAuth2Api.credentials';

export const credentialTypes: Record<string, ICredentialType> = Object.fromEntries(
	[new CalendlyCardsApi(), new CalendlyCardsOAuth2Api(), new CalendlyCardsN8nApi()].map((c) => [
		c.name,
		c,
	]),
);

export type CredentialsData = Record<string, ICredentialDataDecryptedObject>;

export const INSTANCE_URL = 'https://n8n.example.test';
export const WEBHOOK_BASE_URL = `${INSTANCE_URL}/webhook`;
export const WEBHOOK_TEST_BASE_URL = `${INSTANCE_URL}/webhook-test`;
export const WEBHOOK_ID = '7b0bd5d2-5f6e-4d53-9a4c-3c8c1f3e2a10';

/** Calendly credential data for a personal access token against a simulator (or any base URL). */
export function patCredential(baseUrl: string, accessToken: string): CredentialsData {
	return { calendlyCardsApi: { accessToken, baseUrl } };
}

/** Calendly OAuth2 credential data, as n8n stores it once connected. */
export function oauthCredential(
	baseUrl: string,
	tokens: { access_token: string; refresh_token?: string },
	webhookSigningKey = '',
): CredentialsData {
	return {
		calendlyCardsOAuth2Api: {
			clientId: 'test-client',
			clientSecret: 'test-secret',
			grantType: 'authorizationCode',
			authUrl: `${baseUrl}/oauth/authorize`,
			accessTokenUrl: `${baseUrl}/oauth/token`,
			authentication: 'header',
			scope: '',
			authQueryParameters: '',
			oauthTokenData: { token_type: 'Bearer', ...tokens },
			webhookSigningKey,
			baseUrl,
		},
	};
}

/** Resolves n8n expressions such as "=Bearer {{$credentials.accessToken}}" the way n8n's credentials helper does. */
function resolveCredentialValue(
	workflow: Workflow,
	node: INode,
	value: unknown,
	credentials: ICredentialDataDecryptedObject,
): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return workflow.expression.getSimpleParameterValue(node, value, 'internal', {
		$credentials: credentials,
	} as unknown as IDataObject);
}

function credentialsHelper(credentials: CredentialsData): ICredentialsHelper {
	const helper = {
		getParentTypes: (type: string) => credentialTypes[type]?.extends ?? [],
		isCredentialUsableByNode: () => true,
		getDecrypted: async (
			_data: unknown,
			nodeCredentials: { id: string | null; name: string },
			type: string,
		) => {
			const data = credentials[type];
			if (!data)
				throw new Error(
					`The test gave no "${type}" credential (node credential "${nodeCredentials.name}")`,
				);
			return data;
		},
		authenticate: async (
			data: ICredentialDataDecryptedObject,
			type: string,
			requestOptions: IHttpRequestOptions,
			workflow: Workflow,
			node: INode,
		) => {
			const auth = credentialTypes[type]?.authenticate;
			if (!auth || typeof auth === 'function') return requestOptions;
			const apply = (target: IDataObject | undefined, values: IDataObject | undefined) => {
				const result: IDataObject = { ...(target ?? {}) };
				for (const [key, value] of Object.entries(values ?? {})) {
					result[key] = resolveCredentialValue(workflow, node, value, data) as IDataObject[string];
				}
				return result;
			};
			return {
				...requestOptions,
				headers: apply(requestOptions.headers, auth.properties.headers),
				qs: auth.properties.qs ? apply(requestOptions.qs, auth.properties.qs) : requestOptions.qs,
			};
		},
		// Our credential types have no preAuthentication step.
		preAuthentication: async () => undefined,
		runPreAuthentication: async () => undefined,
		updateCredentials: async (
			_nodeCredentials: unknown,
			type: string,
			data: ICredentialDataDecryptedObject,
		) => {
			credentials[type] = data;
		},
		updateCredentialsOauthTokenData: async (
			_nodeCredentials: unknown,
			type: string,
			data: ICredentialDataDecryptedObject,
		) => {
			credentials[type] = data;
		},
		getCredentialsProperties: (type: string) => credentialTypes[type]?.properties ?? [],
	};
	return helper as unknown as ICredentialsHelper;
}

export interface NodeSetup {
	parameters?: IDataObject;
	credentials?: CredentialsData;
	/** Static data of the node, shared with later contexts when the same object is passed again. */
	staticData?: IDataObject;
	continueOnFail?: boolean;
	name?: string;
}

function additionalDataFor(
	credentials: CredentialsData,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
	instanceUrl = INSTANCE_URL,
) {
	const base = instanceUrl.replace(/\/+$/, '');
	return {
		credentialsHelper: credentialsHelper(credentials),
		executionId: 'test-execution',
		userId: 'test-user',
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		variables: {},
		currentNodeParameters: undefined,
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** A one-node workflow around the node under test, as n8n builds it from the saved workflow. */
export function workflowFor(
	nodeType: INodeType,
	setup: NodeSetup,
): { workflow: Workflow; node: INode } {
	const description = nodeType.description;
	const version = Array.isArray(description.version)
		? description.version[description.version.length - 1]
		: description.version;
	const credentialNames = Object.keys(setup.credentials ?? {});
	const node: INode = {
		id: 'node-under-test',
		name: setup.name ?? description.defaults.name ?? description.displayName,
		type: description.name,
		typeVersion: version,
		position: [0, 0],
		parameters: (setup.parameters ?? {}) as INode['parameters'],
		credentials: Object.fromEntries(credentialNames.map((n) => [n, { id: n, name: n }])),
		webhookId: WEBHOOK_ID,
		...(setup.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const staticData: IDataObject = {};
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'Test workflow',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData,
	});
	if (setup.staticData) {
		// n8n keeps a node's static data under "node:<name>"; sharing the object keeps it across contexts.
		(workflow.staticData as IDataObject)[`node:${node.name}`] = setup.staticData;
	}
	return { workflow, node };
}

/** Runs the node's execute() on the given items through n8n's ExecuteContext. */
export async function executeNode(
	nodeType: INodeType,
	setup: NodeSetup & { input?: INodeExecutionData[] },
): Promise<INodeExecutionData[][]> {
	const ctx = executeContext(nodeType, setup);
	const result = await nodeType.execute!.call(ctx);
	return result as INodeExecutionData[][];
}

export function executeContext(
	nodeType: INodeType,
	setup: NodeSetup & { input?: INodeExecutionData[]; mode?: WorkflowExecuteMode },
): IExecuteFunctions {
	const { workflow, node } = workflowFor(nodeType, setup);
	const input = setup.input ?? [{ json: {} }];
	const inputData = { main: [input] };
	const runExecutionData: IRunExecutionData = createEmptyRunExecutionData();
	return new ExecuteContext(
		workflow,
		node,
		additionalDataFor(setup.credentials ?? {}),
		setup.mode ?? 'manual',
		runExecutionData,
		0,
		input,
		inputData,
		{ node, data: inputData, source: null },
		[],
	);
}

export interface HookSetup extends NodeSetup {
	/** 'trigger' when publishing, 'manual' for "Listen for test event"; n8n removes test webhooks in 'internal'. */
	mode?: 'trigger' | 'manual' | 'internal';
	activation?: WorkflowActivateMode;
	/** Whether the webhook is the editor's test webhook (/webhook-test/); defaults to mode === 'manual'. */
	isTest?: boolean;
	/** Where n8n is reached, e.g. "http://127.0.0.1:5678" (default https://n8n.example.test). */
	instanceUrl?: string;
}

export function hookContext(nodeType: INodeType, setup: HookSetup): IHookFunctions {
	const { workflow, node } = workflowFor(nodeType, setup);
	const mode = setup.mode ?? 'trigger';
	const isTest = setup.isTest ?? mode === 'manual';
	const additionalData = additionalDataFor(setup.credentials ?? {}, {}, setup.instanceUrl);
	const webhookDescription = nodeType.description.webhooks?.[0];
	const webhookData = webhookDescription
		? ({
				httpMethod: webhookDescription.httpMethod,
				node: node.name,
				path: String(webhookDescription.path),
				webhookDescription,
				workflowId: workflow.id,
				workflowExecuteAdditionalData: additionalData,
				isTest,
			} as unknown as IWebhookData)
		: undefined;
	return new HookContext(
		workflow,
		node,
		additionalData,
		mode,
		setup.activation ?? (mode === 'manual' ? 'manual' : 'activate'),
		webhookData,
	);
}

export interface CapturedResponse {
	status: number;
	body: unknown;
	ended: boolean;
	headers: Record<string, string>;
}

/** An incoming webhook request as n8n hands it to webhook(): parsed body plus the exact raw bytes. */
export function webhookContext(
	nodeType: INodeType,
	setup: NodeSetup & { headers: Record<string, string>; rawBody: Buffer; query?: IDataObject },
): { ctx: IWebhookFunctions; response: CapturedResponse } {
	const { workflow, node } = workflowFor(nodeType, setup);
	let body: unknown = {};
	try {
		body = JSON.parse(setup.rawBody.toString('utf8'));
	} catch {
		body = {};
	}
	const headers = Object.fromEntries(
		Object.entries(setup.headers).map(([k, v]) => [k.toLowerCase(), v]),
	);
	const response: CapturedResponse = { status: 200, body: undefined, ended: false, headers: {} };
	const res = {
		status(code: number) {
			response.status = code;
			return res;
		},
		send(payload?: unknown) {
			response.body = payload;
			response.ended = true;
			return res;
		},
		json(payload?: unknown) {
			return res.send(payload);
		},
		end(payload?: unknown) {
			if (payload !== undefined) response.body = payload;
			response.ended = true;
			return res;
		},
		setHeader(name: string, value: string) {
			response.headers[name.toLowerCase()] = value;
			return res;
		},
	};
	const req = { headers, body, rawBody: setup.rawBody, params: {}, query: setup.query ?? {} };
	const webhookDescription = nodeType.description.webhooks?.[0];
	const webhookData = {
		httpMethod: webhookDescription?.httpMethod ?? 'POST',
		node: node.name,
		path: String(webhookDescription?.path ?? ''),
		webhookDescription,
		workflowId: workflow.id,
		isTest: false,
	} as unknown as IWebhookData;
	const ctx = new WebhookContext(
		workflow,
		node,
		additionalDataFor(setup.credentials ?? {}, {
			httpRequest: req,
			httpResponse: res,
		} as unknown as Partial<IWorkflowExecuteAdditionalData>),
		'webhook',
		webhookData,
		[],
		null,
	);
	return { ctx, response };
}

export function loadOptionsContext(nodeType: INodeType, setup: NodeSetup): ILoadOptionsFunctions {
	const { workflow, node } = workflowFor(nodeType, setup);
	return new LoadOptionsContext(
		workflow,
		node,
		additionalDataFor(setup.credentials ?? {}, {
			currentNodeParameters: node.parameters,
		} as Partial<IWorkflowExecuteAdditionalData>),
		'parameters',
	);
}

/**
 * Runs a credential type's declarative `test` the way n8n's credentials tester does: the test request
 * goes through n8n's RoutingNode, and a failing status is matched against the credential's rules.
 */
export async function testCredential(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const test = credentialType.test;
	if (!test) throw new Error(`${credentialType.name} has no test`);
	const probe: INodeType = {
		description: {
			displayName: 'Credential test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Credential test' },
			inputs: [],
			outputs: [],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: test.request },
				},
			],
		},
	};
	const credentials = { [credentialType.name]: data };
	const ctx = executeContext(probe, { credentials, mode: 'internal' });
	const routingNode = new RoutingNode(ctx as ExecuteContext, probe, {
		id: credentialType.name,
		name: credentialType.name,
		type: credentialType.name,
		data,
	});
	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		const status = (error as { cause?: { response?: { status?: number; statusText?: string } } })
			.cause?.response;
		if (status?.status !== undefined) {
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status.status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			return {
				status: 'Error',
				message: status.statusText || `Received HTTP status code: ${status.status}`,
			};
		}
		const code = (error as { cause?: { code?: string } }).cause?.code;
		return { status: 'Error', message: code ?? (error as Error).message };
	}
	const body = response?.[0]?.[0]?.json;
	for (const rule of test.rules ?? []) {
		if (
			rule.type === 'responseSuccessBody' &&
			valueAt(body, rule.properties.key) === rule.properties.value
		) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** lodash-style get for "a.b.c" paths, as n8n's credentials tester reads responseSuccessBody rules. */
function valueAt(value: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(current, key) =>
				current !== null && typeof current === 'object'
					? (current as Record<string, unknown>)[key]
					: undefined,
			value,
		);
}
