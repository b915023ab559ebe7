import { describe, expect, it } from 'vitest';
import { loadLambdaConfig } from '../../apps/aws-lambda/config';
import { loadAzureConfig } from '../../apps/azure-functions/config';
import { loadConfig } from '../../apps/server/config';

const azure = { AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' };

/** ACCESS_LOG means the same on every door: failures and slow requests only, unless `all`. */
describe('ACCESS_LOG on the three doors', () => {
  it('defaults to errors', () => {
    expect(loadConfig({}).accessLog).toBe('errors');
    expect(loadLambdaConfig({}).accessLog).toBe('errors');
    expect(loadAzureConfig(azure).accessLog).toBe('errors');
  });

  it('takes all', () => {
    expect(loadConfig({ ACCESS_LOG: 'all' }).accessLog).toBe('all');
    expect(loadLambdaConfig({ ACCESS_LOG: 'all' }).accessLog).toBe('all');
    expect(loadAzureConfig({ ...azure, ACCESS_LOG: 'all' }).accessLog).toBe('all');
  });

  it('refuses anything else with one line naming the variable', () => {
    expect(() => loadConfig({ ACCESS_LOG: 'some' })).toThrow(/^Invalid configuration: ACCESS_LOG/);
    expect(() => loadLambdaConfig({ ACCESS_LOG: 'some' })).toThrow(
      /^Invalid configuration: ACCESS_LOG: .*\(got "some"\)$/,
    );
    expect(() => loadAzureConfig({ ...azure, ACCESS_LOG: 'some' })).toThrow(/ACCESS_LOG/);
  });
});
