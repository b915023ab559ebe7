/**
 * `--store-url` names a store the way the server's environment does, in one argument:
 *   sqlite:./data                      STORE=sqlite, DATA_DIR=./data
 *   memory:                            STORE=memory (a dry run: nothing is kept)
 *   dynamodb://<table>[?endpoint=http://127.0.0.1:8000&region=eu-west-1]
 *                                      STORE=dynamodb, DYNAMODB_TABLE, AWS_ENDPOINT_URL, AWS_REGION
 *   azure-tables://<prefix>            STORE=azure-tables, AZURE_TABLES_PREFIX (the connection
 *                                      string stays in AZURE_STORAGE_CONNECTION_STRING: it holds a key)
 * The result overrides the environment; everything else (OBJECTS, credentials) comes from it.
 */
export const storeUrlToEnv = (value: string): Record<string, string> => {
  const scheme = /^([a-z-]+):/.exec(value)?.[1];
  const rest = value.slice((scheme?.length ?? 0) + 1);
  switch (scheme) {
    case 'sqlite':
      return {
        STORE: 'sqlite',
        ...(rest.replace(/^\/\//, '') ? { DATA_DIR: rest.replace(/^\/\//, '') } : {}),
      };
    case 'memory':
      return { STORE: 'memory' };
    case 'dynamodb': {
      const url = new URL(value);
      const env: Record<string, string> = { STORE: 'dynamodb', DYNAMODB_TABLE: url.hostname };
      const endpoint = url.searchParams.get('endpoint');
      const region = url.searchParams.get('region');
      if (endpoint) env.AWS_ENDPOINT_URL = endpoint;
      if (region) env.AWS_REGION = region;
      return env;
    }
    case 'azure-tables': {
      const prefix = rest.replace(/^\/\//, '');
      return { STORE: 'azure-tables', ...(prefix ? { AZURE_TABLES_PREFIX: prefix } : {}) };
    }
    default:
      throw new Error(
        `--store-url must start with sqlite:, memory:, dynamodb:// or azure-tables://, not "${value}"`,
      );
  }
};
