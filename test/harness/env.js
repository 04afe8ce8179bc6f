// n8n-core keeps an instance settings file in N8N_USER_FOLDER; tests use a throw-away one.
const os = require('node:os');
const path = require('node:path');
process.env.N8N_USER_FOLDER = process.env.N8N_USER_FOLDER || path.join(os.tmpdir(), 'calendly-cards-jest-n8n');
