// Where the client's files are, for the unit tests.
import { fileURLToPath } from 'node:url';

export const CLIENT_ROOT = fileURLToPath(new URL('../../main/resources/META-INF/resources/', import.meta.url));
export const client = (path) => new URL(`../../main/resources/META-INF/resources/${path}`, import.meta.url).href;
