/** What other domains may use of access. */
export { ROLES, type Role, roleIncludes } from './api-key';
