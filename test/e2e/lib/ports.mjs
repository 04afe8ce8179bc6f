// Free TCP ports on 127.0.0.1, asked from the OS so parallel runs never collide.
import { createServer } from 'node:net';

export function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Whether something already listens on host:port (the sandbox needs 5678 itself). */
export function portInUse(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(true));
		server.listen(port, host, () => server.close(() => resolve(false)));
	});
}
