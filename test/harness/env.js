// The n8n-core the unit tests run in-process reads N8N_* settings from the environment. A developer's own
// (N8N_USER_FOLDER, N8N_ENCRYPTION_KEY, ... for their n8n) must neither steer it nor let it write into their
// n8n folder: the tests drop them all and use a throw-away user folder.
const os = require('node:os');
const path = require('node:path');

for (const name of Object.keys(process.env)) if (name.startsWith('N8N_')) delete process.env[name];
process.env.N8N_USER_FOLDER = path.join(os.tmpdir(), 'calendly-cards-jest-n8n');

module.exports = { userFolder: process.env.N8N_USER_FOLDER };
