const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async () => {
	const folder = process.env.N8N_USER_FOLDER || path.join(os.tmpdir(), 'calendly-cards-jest-n8n');
	fs.mkdirSync(path.join(folder, '.n8n'), { recursive: true });
	const config = path.join(folder, '.n8n', 'config');
	if (!fs.existsSync(config)) {
		fs.writeFileSync(config, JSON.stringify({ encryptionKey: 'calendly-cards-test-encryption-key' }));
	}
};
