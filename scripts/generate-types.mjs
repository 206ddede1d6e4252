#!/usr/bin/env node
// Generates src/generated/ from openapi/x-openapi-2.167.json: X's schemas and operations through openapi-typescript,
// and a trie of the v2 path segments that the path builder's types walk. `--check` regenerates in memory and
// fails if the committed files differ (CI runs it through the test suite).

import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const DOCUMENT = 'openapi/x-openapi-2.167.json';
export const OUTPUTS = { api: 'src/generated/x-api.d.ts', routes: 'src/generated/x-routes.d.ts' };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

// The document says "post" where the API as every client sends it today says "tweet" (openapi/README.md). Each
// "post" name keeps its place and gains its "tweet" twin, so both are typed; twins of response fields are optional.
const PROPERTY_TWINS = {
  referenced_posts: 'referenced_tweets',
  repost_count: 'retweet_count',
  post_count: 'tweet_count',
  total_post_count: 'total_tweet_count',
  edit_history_post_ids: 'edit_history_tweet_ids',
  most_recent_post_id: 'most_recent_tweet_id',
  pinned_post_id: 'pinned_tweet_id',
  note_post: 'note_tweet',
};
const FIELD_VALUE_TWINS = { ...PROPERTY_TWINS };
const EXPANSION_VALUE_TWINS = {
  referenced_posts: ['referenced_tweets.id', 'referenced_tweets.id.author_id'],
  edit_history_post_ids: ['edit_history_tweet_ids'],
  most_recent_post_id: ['most_recent_tweet_id'],
  pinned_post_id: ['pinned_tweet_id'],
};

// X's default fields: sent on every object whatever `*.fields` asks (XAPI.md, X's docs), yet optional in this
// version of the document; typed as present so `tweet.id` is a string.
const DEFAULT_FIELDS = {
  Post: ['id', 'text'],
  User: ['id', 'name', 'username'],
  Media: ['media_key', 'type'],
  Poll: ['id', 'options'],
  Place: ['id', 'full_name'],
  List: ['id', 'name'],
  Space: ['id', 'state'],
  GetRulesResponseData: ['id', 'value'],
  UpdateRulesResponseData: ['id', 'value'],
};

function twinEnum(values, twins) {
  const out = [];
  for (const value of values) {
    if (!out.includes(value)) out.push(value);
    const more = twins[value];
    for (const twin of more === undefined ? [] : [more].flat()) if (!out.includes(twin)) out.push(twin);
  }
  return out;
}

function twinParameter(parameter) {
  const items = parameter?.schema?.items;
  if (!Array.isArray(items?.enum)) return;
  if (parameter.name === 'expansions') items.enum = twinEnum(items.enum, EXPANSION_VALUE_TWINS);
  else if (parameter.name.endsWith('.fields')) items.enum = twinEnum(items.enum, FIELD_VALUE_TWINS);
}

function twinProperties(node) {
  if (Array.isArray(node)) {
    for (const item of node) twinProperties(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const properties = node.properties;
  if (properties && typeof properties === 'object' && !Array.isArray(properties)) {
    const twins = { ...PROPERTY_TWINS, ...(properties.media && properties.users ? { posts: 'tweets' } : {}) };
    for (const [name, twin] of Object.entries(twins)) {
      if (!(name in properties) || twin in properties) continue;
      properties[twin] = properties[name];
      if (Array.isArray(node.required)) node.required = node.required.filter((r) => r !== name);
    }
  }
  for (const value of Object.values(node)) twinProperties(value);
}

/**
 * Drops each discriminator whose propertyName is a path ("../event_type": the activity event's type, one level up)
 * rather than a property of the object. OpenAPI names a property there; openapi-typescript would add it to every
 * mapped schema as a required field, so `Post` wanted a "../event_type" that no post has. The oneOf stays a union.
 */
function dropPathDiscriminators(node) {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) dropPathDiscriminators(item);
    return;
  }
  if (typeof node.discriminator?.propertyName === 'string' && node.discriminator.propertyName.includes('/')) {
    delete node.discriminator;
  }
  for (const value of Object.values(node)) dropPathDiscriminators(value);
}

/** The document with a "tweet" twin beside each "post" name. */
export function withTweetNames(document) {
  const doc = structuredClone(document);
  dropPathDiscriminators(doc.components.schemas);
  const parameters = doc.components.parameters;
  const streamTweetFields = Object.values(doc.paths)
    .flatMap((item) => Object.values(item))
    .flatMap((op) => op.parameters ?? [])
    .find((p) => p.name === 'tweet.fields');
  const postFields = parameters.PostFieldsParameter;
  parameters.TweetFieldsParameter = {
    ...structuredClone(postFields),
    name: 'tweet.fields',
    description:
      'A comma separated list of Tweet fields to display (the name clients send; the document says post.fields).',
  };
  const tweetItems = parameters.TweetFieldsParameter.schema.items;
  tweetItems.enum = [...new Set([...tweetItems.enum, ...(streamTweetFields?.schema.items.enum ?? [])])];
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      const list = op.parameters;
      if (!Array.isArray(list)) continue;
      const at = list.findIndex((p) => p.$ref === '#/components/parameters/PostFieldsParameter');
      if (at >= 0) list.splice(at + 1, 0, { $ref: '#/components/parameters/TweetFieldsParameter' });
      for (const p of list) if (!p.$ref) twinParameter(p);
    }
  }
  for (const p of Object.values(parameters)) twinParameter(p);
  for (const [name, fields] of Object.entries(DEFAULT_FIELDS)) {
    const schema = doc.components.schemas[name];
    const present = fields.filter((f) => f in (schema?.properties ?? {}));
    if (schema) schema.required = [...new Set([...(schema.required ?? []), ...present])];
  }
  twinProperties(doc.components.schemas);
  twinProperties(doc.paths);
  return doc;
}

// peony drops parameters given as undefined, so an optional property also takes undefined (under the
// project's exactOptionalPropertyTypes, `{ ids: maybeIds }` would otherwise not compile).
function optionalTakesUndefined(property) {
  if (!property.questionToken || !property.type) return undefined;
  const undefinedType = ts.factory.createKeywordTypeNode(ts.SyntaxKind.UndefinedKeyword);
  return ts.factory.updatePropertySignature(
    property,
    property.modifiers,
    property.name,
    property.questionToken,
    ts.factory.createUnionTypeNode([property.type, undefinedType]),
  );
}

const HEADER = (what) =>
  `// Generated by scripts/generate-types.mjs from ${DOCUMENT} (${what}). Do not edit: run npm run generate:types.\n\n`;

function propertyKey(name) {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

/** The v2 paths as nested segments: `$param` is a path parameter, `$get`… the operation at that node. */
export function routeTrie(document) {
  const trie = {};
  for (const [path, item] of Object.entries(document.paths)) {
    const segments = path.split('/').filter(Boolean);
    if (segments[0] !== '2') continue;
    let node = trie;
    for (const segment of segments.slice(1)) {
      const key = /^\{.+\}$/.test(segment) ? '$param' : segment;
      node[key] ??= {};
      node = node[key];
    }
    for (const method of METHODS) {
      const op = item[method];
      if (op) node[`$${method}`] = { operationId: op.operationId, path, method };
    }
  }
  return trie;
}

function renderTrie(node, indent) {
  const pad = '  '.repeat(indent);
  const lines = [];
  for (const [key, value] of Object.entries(node).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if ('operationId' in value) {
      lines.push(`${pad}/** ${value.method.toUpperCase()} ${value.path} */`);
      lines.push(`${pad}readonly ${propertyKey(key)}: operations[${JSON.stringify(value.operationId)}];`);
    } else {
      lines.push(`${pad}readonly ${propertyKey(key)}: {`, ...renderTrie(value, indent + 1), `${pad}};`);
    }
  }
  return lines;
}

/** Both generated files, as text. */
export async function generate() {
  const document = JSON.parse(await readFile(new URL(`../${DOCUMENT}`, import.meta.url), 'utf8'));
  const ast = await openapiTS(withTweetNames(document), {
    immutable: true,
    silent: true,
    emptyObjectsUnknown: true,
    transformProperty: optionalTakesUndefined,
  });
  // Query parameters do not pass through transformProperty; their optional lines get the same union here.
  const text = astToString(ast).replace(/^(\s+readonly [^:\n]+\?: )(.+);$/gm, (line, head, type) =>
    type.endsWith(' | undefined') ? line : `${head}${type} | undefined;`,
  );
  const api = HEADER('openapi-typescript, with a "tweet" twin beside each "post" name') + text;
  const routes =
    HEADER('the v2 paths as a trie of segments') +
    "import type { operations } from './x-api.js';\n\n" +
    '/** `$param` is a path parameter; `$get`, `$post`… the operation at that path. */\n' +
    `export interface XV2Routes {\n${renderTrie(routeTrie(document), 1).join('\n')}\n}\n`;
  return { api, routes };
}

async function main() {
  const generated = await generate();
  if (process.argv.includes('--check')) {
    const stale = [];
    for (const [key, file] of Object.entries(OUTPUTS)) {
      const committed = await readFile(new URL(`../${file}`, import.meta.url), 'utf8').catch(() => '');
      if (committed !== generated[key]) stale.push(file);
    }
    if (stale.length > 0) {
      console.error(
        `Stale generated types: ${stale.join(', ')}. Run npm run generate:types and commit the result.`,
      );
      process.exit(1);
    }
    console.log('generated types are up to date');
    return;
  }
  for (const [key, file] of Object.entries(OUTPUTS)) await writeFile(`${root}${file}`, generated[key]);
  console.log(`wrote ${Object.values(OUTPUTS).join(', ')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
