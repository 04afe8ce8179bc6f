const fs = require('node:fs');
const path = require('node:path');
const { userFolder } = require('./env.js');

// n8n-core keeps an instance settings file in the user folder; give it a fixed test key.
module.exports = async () => {
	fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
	const config = path.join(userFolder, '.n8n', 'config');
	if (!fs.existsSync(config)) {
		fs.writeFileSync(
			config,
			JSON.stringify({ encryptionKey: 'calendly-cards-test-encryption-key' }),
		);
	}
};
