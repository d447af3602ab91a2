/**
 * The API's contract in the tests: every response an API test receives is
 * matched to its operation in the OpenAPI document (method and path template),
 * its status must be one the operation documents, its content type the
 * documented one, and its body must validate (ajv, JSON Schema 2020-12, with
 * formats) against the documented schema. An undocumented path, method or
 * status fails the test.
 */
import { spawnSync } from 'child_process';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { Express } from 'express';
import request from 'supertest';
import { OPENAPI_DOCUMENT } from '../../src/web/api/openapi';

type Json = Record<string, unknown>;
const DOC = OPENAPI_DOCUMENT as unknown as Json;
const DOC_ID = 'https://telework-rotation.invalid/openapi.json';

/** The document checked by @seriousme/openapi-schema-validator (an ES module, so run in its own node). */
export function validateDocument(doc: unknown = DOC): { valid: boolean; errors: unknown } {
  const script = `
    import('@seriousme/openapi-schema-validator').then(async ({ Validator }) => {
      let text = ''; process.stdin.on('data', (c) => (text += c));
      process.stdin.on('end', async () => {
        const v = new Validator();
        const res = await v.validate(JSON.parse(text));
        process.stdout.write(JSON.stringify({ valid: res.valid, version: v.version, errors: res.errors ?? null }));
      });
    });`;
  const out = spawnSync(process.execPath, ['-e', script], { input: JSON.stringify(doc), encoding: 'utf8', cwd: process.cwd() });
  if (out.status !== 0) throw new Error(`validator failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as { valid: boolean; errors: unknown };
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema({ $id: DOC_ID, components: (DOC.components as Json) ?? {} });

const compiled = new Map<string, ValidateFunction>();

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${DOC_ID}${v}` : rewriteRefs(v),
      ]),
    );
  return value;
}

/** The operation a request goes to: its path template and its description. */
export function operationOf(method: string, url: string): { template: string; operation: Json } {
  const path = url.split('?')[0];
  const paths = DOC.paths as Record<string, Record<string, Json>>;
  for (const [template, item] of Object.entries(paths)) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (!pattern.test(path)) continue;
    const operation = item[method.toLowerCase()];
    if (!operation) throw new Error(`undocumented method ${method} on ${template}`);
    return { template, operation };
  }
  throw new Error(`undocumented path ${path}`);
}

/** Throws unless the response is exactly what the document says for this operation and status. */
export function assertMatchesContract(method: string, url: string, res: request.Response): void {
  const { template, operation } = operationOf(method, url);
  const responses = operation.responses as Record<string, Json>;
  const documented = responses[String(res.status)];
  if (!documented) throw new Error(`${method} ${template}: status ${res.status} is not documented (body: ${res.text.slice(0, 300)})`);
  const content = documented.content as Record<string, { schema: Json }> | undefined;
  if (!content) {
    if (res.text) throw new Error(`${method} ${template} ${res.status}: a body where none is documented`);
    return;
  }
  const type = String(res.headers['content-type'] ?? '')
    .split(';')[0]
    .trim();
  const media = content[type];
  if (!media)
    throw new Error(`${method} ${template} ${res.status}: content type ${type} is not documented (${Object.keys(content).join(', ')})`);
  const key = `${template}|${method}|${res.status}|${type}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(rewriteRefs(media.schema) as Json);
    compiled.set(key, validate);
  }
  const body: unknown = JSON.parse(res.text);
  if (!validate(body))
    throw new Error(
      `${method} ${template} ${res.status}: body does not match the document: ${ajv.errorsText(validate.errors)}\n${res.text.slice(0, 500)}`,
    );
}

/** Every call the API tests make: sent, then checked against the contract before the test sees it. */
export async function callApi(
  app: Express,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  options: {
    token?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    agent?: ReturnType<typeof request.agent>;
  } = {},
): Promise<request.Response> {
  const agent = options.agent ?? request(app);
  let req = method === 'GET' ? agent.get(url) : method === 'POST' ? agent.post(url) : method === 'PUT' ? agent.put(url) : agent.delete(url);
  if (options.token !== undefined) req = req.set('Authorization', `Bearer ${options.token}`);
  for (const [k, v] of Object.entries(options.headers ?? {})) req = req.set(k, v);
  if (options.rawBody !== undefined) req = req.set('Content-Type', 'application/json').send(options.rawBody);
  else if (options.body !== undefined) req = req.send(options.body as object);
  const res = await req;
  assertMatchesContract(method, url, res);
  return res;
}
