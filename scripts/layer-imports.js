/**
 * ESLint rule `layers/imports`: a file may import only what its layer may
 * (the layer table of docs/architecture.md, written out in eslint.config.js).
 *
 * Unlike `no-restricted-imports`, which matches the text of an import, this
 * resolves a relative import against the importing file, so `../service/x`,
 * `../../service/x` and `./x` inside service/ are all seen as service/x.
 * Every way a module can be named counts: import and export ... from
 * (type-only ones too), import(), require(), `import('x').T` types.
 *
 * Options (one object, set per folder by the config; a later config block for
 * a narrower set of files replaces it):
 *   own:        the folder the file belongs to, e.g. 'engine/'; always allowed
 *   mayImport:  other project paths it may import: folders ('shared/') or
 *               files, where * stands for one path segment
 *   mayNotImport: paths refused even inside `own` (a sub-layer above it)
 *   packages:   { allow: [...] } (only these) or { deny: [...] }; `node:*`
 *               stands for every Node built-in
 */
import { statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILTINS = new Set(builtinModules.filter((name) => !name.startsWith('_')));
const DOCS = 'see the layer table in docs/architecture.md';

/** 'shared/' is a folder and everything in it; anything else is a file path with * for one segment. */
function pathMatcher(pattern) {
  if (pattern.endsWith('/')) return (file) => file.startsWith(pattern);
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  return (file) => regex.test(file);
}

function isFile(candidate) {
  return statSync(candidate, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** The project file a relative import names, relative to the root with `/`; TypeScript's `.js` suffix and index files resolved. */
function resolveRelative(importer, specifier) {
  const base = path.resolve(path.dirname(importer), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')];
  if (/\.[cm]?js$/.test(base)) candidates.unshift(base.replace(/\.([cm]?)js$/, '.$1ts'), base.replace(/\.([cm]?)js$/, '.$1tsx'));
  const found = candidates.find(isFile) ?? (path.extname(base) ? base : `${base}.ts`);
  return path.relative(ROOT, found).split(path.sep).join('/');
}

/** 'node:fs' and 'fs' -> 'node:fs'; '@aws-sdk/client-s3/x' -> '@aws-sdk/client-s3'; 'react-dom/client' -> 'react-dom'. */
function packageName(specifier) {
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  const parts = bare.split('/');
  const name = bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (specifier.startsWith('node:') || BUILTINS.has(name)) return `node:${parts[0]}`;
  return name;
}

function packageMatches(name, patterns) {
  return patterns.some((pattern) => pattern === name || (pattern === 'node:*' && name.startsWith('node:')));
}

export const layerImportsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the layer table in docs/architecture.md' },
    schema: [
      {
        type: 'object',
        properties: {
          own: { type: 'string' },
          mayImport: { type: 'array', items: { type: 'string' } },
          mayNotImport: { type: 'array', items: { type: 'string' } },
          packages: {
            type: 'object',
            properties: { allow: { type: 'array', items: { type: 'string' } }, deny: { type: 'array', items: { type: 'string' } } },
            additionalProperties: false,
          },
        },
        required: ['own'],
        additionalProperties: false,
      },
    ],
    messages: {
      path: '{{own}} may not import {{target}}: {{docs}}.',
      package: '{{own}} may not import the package "{{name}}": {{docs}}.',
    },
  },
  create(context) {
    const options = context.options[0];
    const allowed = [options.own, ...(options.mayImport ?? [])].map(pathMatcher);
    const refused = (options.mayNotImport ?? []).map(pathMatcher);
    const { allow, deny } = options.packages ?? {};

    const check = (node, specifier) => {
      if (typeof specifier !== 'string') return;
      if (specifier.startsWith('.')) {
        const target = resolveRelative(context.filename, specifier);
        const ok = allowed.some((matches) => matches(target)) && !refused.some((matches) => matches(target));
        if (!ok) context.report({ node, messageId: 'path', data: { own: options.own, target, docs: DOCS } });
        return;
      }
      const name = packageName(specifier);
      const ok = allow ? packageMatches(name, allow) : !packageMatches(name, deny ?? []);
      if (!ok) context.report({ node, messageId: 'package', data: { own: options.own, name, docs: DOCS } });
    };
    const checkLiteral = (node, literal) => {
      if (literal?.type === 'Literal') check(node, literal.value);
    };

    return {
      ImportDeclaration: (node) => checkLiteral(node, node.source),
      ExportNamedDeclaration: (node) => checkLiteral(node, node.source),
      ExportAllDeclaration: (node) => checkLiteral(node, node.source),
      ImportExpression: (node) => checkLiteral(node, node.source),
      // `source` is the module; older typescript-eslint versions only had `argument`, a literal type around it.
      TSImportType: (node) => checkLiteral(node, 'source' in node ? node.source : node.argument?.literal),
      TSExternalModuleReference: (node) => checkLiteral(node, node.expression),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') checkLiteral(node, node.arguments[0]);
      },
    };
  },
};

export default { rules: { imports: layerImportsRule } };
