// Local HTTP endpoints that stand in for n8n's webhook URL in unit tests, so the simulator's deliveries
// have somewhere to go.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Captured {
	headers: IncomingHttpHeaders;
	body: Buffer;
}

/** Answers 200 and keeps the exact bytes and headers of every delivery. */
export class CaptureServer {
	readonly received: Captured[] = [];
	private server: Server | undefined;
	url = '';

	async start(): Promise<void> {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				this.received.push({ headers: req.headers, body: Buffer.concat(chunks) });
				res.writeHead(200).end();
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise((resolve) => this.server?.close(resolve));
	}

	last(): Captured {
		const captured = this.received[this.received.length - 1];
		if (!captured) throw new Error('no delivery arrived');
		return captured;
	}
}

/** A callback URL that accepts every delivery, so the simulator records them as delivered. */
export async function startReceiver(): Promise<{ server: Server; url: string }> {
	const server = createServer((req, res) => {
		req.resume();
		req.on('end', () => res.end());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/calendly` };
}
