/**
 * The storage emulator's documented development account, which the Functions tooling calls
 * `UseDevelopmentStorage=true`. @azure/data-tables does not understand that shorthand (the
 * blob and queue SDKs do), so every client here is built from the expanded form.
 * https://learn.microsoft.com/azure/storage/common/storage-use-azurite#connection-strings
 */
const DEVELOPMENT_STORAGE = [
  'DefaultEndpointsProtocol=http',
  'AccountName=devstoreaccount1',
  'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  'BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1',
  'QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1',
  'TableEndpoint=http://127.0.0.1:10002/devstoreaccount1',
].join(';');

/** Expands `UseDevelopmentStorage=true`; any other connection string is returned as is. */
export const resolveConnectionString = (connectionString: string): string =>
  /^\s*UseDevelopmentStorage\s*=\s*true\s*;?\s*$/i.test(connectionString)
    ? DEVELOPMENT_STORAGE
    : connectionString;

/**
 * Whether the account is reached over plain HTTP (Azurite). The SDKs refuse to send a shared
 * key over HTTP unless told to; that is only ever allowed when the endpoint itself says http.
 */
export const usesPlainHttp = (connectionString: string): boolean =>
  /(?:^|;)\s*DefaultEndpointsProtocol\s*=\s*http\s*(?:;|$)/i.test(connectionString) ||
  /(?:^|;)\s*\w+Endpoint\s*=\s*http:\/\//i.test(connectionString);
