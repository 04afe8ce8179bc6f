// The one Calendly client every node of this package uses.
import type { CalendlyUser, ResourceResponse } from '../calendly/types';
import type { CalendlyFunctions } from './credentials';
import { calendlyApiRequest } from './request';

export {
	CALENDLY_API_BASE_URL,
	calendlyCredentialType,
	getCalendlyCredential,
	type CalendlyFunctions,
} from './credentials';
export { isPlanRefusal } from './errors';
export { calendlyApiPages, calendlyApiRequestAllItems } from './pagination';
export { calendlyApiRequest, recoverOnStatus } from './request';
export { resourceUri, uuidFromUri } from './uri';

/** The user behind the credential (GET /users/me): its `uri` and `current_organization` scope most calls. */
export async function getCurrentUser(this: CalendlyFunctions): Promise<CalendlyUser> {
	const response = (await calendlyApiRequest.call(
		this,
		'GET',
		'/users/me',
	)) as ResourceResponse<CalendlyUser>;
	return response.resource;
}
