// A tiny SMTP server (plain node:net, no TLS, no auth) that keeps every message it is sent, so the
// e2e tests can read what n8n's Send Email node delivered. It speaks just enough SMTP for nodemailer:
// EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT. Messages are decoded to { from, to, subject,
// headers, text } (single-part or multipart bodies, quoted-printable or base64, encoded-word headers).
import { createServer } from 'node:net';

/** Starts the server on 127.0.0.1 and a free port (or `port`). */
export async function startSmtpServer({ port = 0 } = {}) {
	const messages = [];
	const waiters = [];
	const sockets = new Set();

	const server = createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		let buffer = '';
		let envelope = { from: null, to: [] };
		let data = null; // lines of the message while in DATA
		const reply = (line) => socket.write(`${line}\r\n`);
		reply('220 e2e-smtp ready');

		socket.on('data', (chunk) => {
			buffer += chunk.toString('latin1');
			let end;
			while ((end = buffer.indexOf('\r\n')) !== -1) {
				const line = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				if (data) {
					if (line === '.') {
						const raw = Buffer.from(data.join('\r\n'), 'latin1').toString('utf8');
						const message = { ...parseMessage(raw), envelope, raw };
						messages.push(message);
						for (const waiter of waiters.splice(0)) waiter();
						envelope = { from: null, to: [] };
						data = null;
						reply('250 OK: queued');
					} else {
						data.push(line.startsWith('..') ? line.slice(1) : line);
					}
					continue;
				}
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO') {
					reply('250-e2e-smtp');
					reply('250-8BITMIME');
					reply('250 SMTPUTF8');
				} else if (verb === 'HELO') reply('250 e2e-smtp');
				else if (verb === 'MAIL') {
					envelope = { from: addressIn(line), to: [] };
					reply('250 OK');
				} else if (verb === 'RCPT') {
					envelope.to.push(addressIn(line));
					reply('250 OK');
				} else if (verb === 'DATA') {
					data = [];
					reply('354 End data with <CR><LF>.<CR><LF>');
				} else if (verb === 'RSET') {
					envelope = { from: null, to: [] };
					reply('250 OK');
				} else if (verb === 'NOOP') reply('250 OK');
				else if (verb === 'QUIT') {
					reply('221 Bye');
					socket.end();
				} else reply('502 Command not implemented');
			}
		});
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});

	return {
		host: '127.0.0.1',
		port: server.address().port,
		messages,
		/** Resolves with the messages once `predicate(messages)` holds (checked after each message). */
		async waitFor(predicate, { timeoutMs = 60_000, what = 'an email' } = {}) {
			const deadline = Date.now() + timeoutMs;
			while (!predicate(messages)) {
				const left = deadline - Date.now();
				if (left <= 0)
					throw new Error(
						`Timed out waiting for ${what}; received: ${JSON.stringify(messages.map((m) => [m.envelope.to, m.subject]))}`,
					);
				await new Promise((resolve) => {
					const timer = setTimeout(resolve, left);
					waiters.push(() => {
						clearTimeout(timer);
						resolve();
					});
				});
			}
			return messages;
		},
		async stop() {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

const addressIn = (line) => /<([^>]*)>/.exec(line)?.[1] ?? line.slice(line.indexOf(':') + 1).trim();

/** Headers (lower-case names, folded lines joined) and the body after the first empty line. */
function splitHeaders(raw) {
	const cut = raw.indexOf('\r\n\r\n');
	const head = cut === -1 ? raw : raw.slice(0, cut);
	const body = cut === -1 ? '' : raw.slice(cut + 4);
	const headers = {};
	for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0)
			headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return { headers, body };
}

const decodeQuotedPrintable = (text) =>
	Buffer.from(
		text
			.replace(/=\r\n/g, '')
			.replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
		'latin1',
	).toString('utf8');

function decodeBody(body, encoding = '') {
	switch (encoding.toLowerCase()) {
		case 'quoted-printable':
			return decodeQuotedPrintable(body);
		case 'base64':
			return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
		default:
			return body;
	}
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) in a header value. */
const decodeHeader = (value = '') =>
	value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?[^?]+\?([QB])\?([^?]*)\?=/gi, (_, kind, text) =>
			kind.toUpperCase() === 'B'
				? Buffer.from(text, 'base64').toString('utf8')
				: decodeQuotedPrintable(text.replace(/_/g, ' ')),
		);

/** The text of a message: its text/plain part (or the first part) of a multipart body, decoded. */
function textOf(headers, body) {
	const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
	if (!boundary) return decodeBody(body, headers['content-transfer-encoding']);
	const parts = body
		.split(`--${boundary}`)
		.slice(1)
		.filter((part) => !part.startsWith('--'))
		.map((part) => splitHeaders(part.replace(/^\r\n/, '')));
	const part = parts.find((p) => /^text\/plain/i.test(p.headers['content-type'] ?? '')) ?? parts[0];
	return part ? textOf(part.headers, part.body.replace(/\r\n$/, '')) : '';
}

function parseMessage(raw) {
	const { headers, body } = splitHeaders(raw);
	return {
		headers,
		from: decodeHeader(headers.from),
		to: decodeHeader(headers.to),
		subject: decodeHeader(headers.subject),
		text: textOf(headers, body).replace(/\r\n/g, '\n'),
	};
}
