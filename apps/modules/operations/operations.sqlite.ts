/** No tables of its own: its last runs are rows of messaging's records table. */
export const operationsOnSqlite = {
  schema: { name: 'operations', migrations: [] },
  create: () => ({}),
};
