import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../apps/aws-lambda/bundle';
import { OneCoreStack } from '../../apps/aws-lambda/infra/stack';

describe('the CDK stack, for security', () => {
  let assets = '';
  let template: Template;
  beforeAll(() => {
    assets = mkdtempSync(join(tmpdir(), 'cdk-security-'));
    for (const name of FUNCTIONS) writeFileSync(join(assets, `${name}.zip`), `stand-in ${name}`);
    const app = new App({ outdir: join(assets, 'cdk.out') });
    template = Template.fromStack(
      new OneCoreStack(app, 'Sec', { assetsDir: assets, corsOrigins: ['https://app.example.com'] }),
    );
  });
  afterAll(() => rmSync(assets, { recursive: true, force: true }));

  it('keeps the usage plan (rate 100, burst 200) and the key on every proxied method', () => {
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 100, BurstLimit: 200 },
    });
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method'));
    const proxied = methods.filter((m) => m.Properties.HttpMethod === 'ANY');
    expect(proxied.length).toBeGreaterThan(0);
    for (const method of proxied) expect(method.Properties.ApiKeyRequired).toBe(true);
  });

  it('serves GET /health and /openapi.json without the key, as every door does', () => {
    const paths = Object.values(template.findResources('AWS::ApiGateway::Resource')).map(
      (r) => r.Properties.PathPart,
    );
    expect(paths).toEqual(expect.arrayContaining(['health', 'openapi.json']));
    const open = Object.values(template.findResources('AWS::ApiGateway::Method')).filter(
      (m) => m.Properties.HttpMethod === 'GET',
    );
    expect(open).toHaveLength(2);
    for (const method of open) expect(method.Properties.ApiKeyRequired).toBe(false);
  });

  it('leaves AUTH unset on the HTTP function, so it requires credentials itself', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: Match.anyValue() },
    });
    for (const fn of Object.values(functions)) {
      expect(fn.Properties.Environment.Variables?.AUTH).toBeUndefined();
    }
  });
});
