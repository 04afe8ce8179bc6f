// @ts-check
// Public entry: const { CalendlySimulator, signWebhook, buildDelivery } = require('./test/simulator')
'use strict';
const { CalendlySimulator } = require('./simulator');
const { signWebhook, buildDelivery } = require('./webhooks/signature');
const { WEBHOOK_EVENTS } = require('./webhooks/events');

module.exports = { CalendlySimulator, signWebhook, buildDelivery, WEBHOOK_EVENTS };
