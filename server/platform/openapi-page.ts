interface OpenApiDoc {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, { summary?: string; description?: string; tags?: string[] }>>;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A readable page of every operation with its permission, server-rendered without any
 * script or inline style so it passes our strict CSP. The full machine-readable document
 * is /api/openapi.json.
 */
export function renderApiDocs(doc: OpenApiDoc, locale: 'ja' | 'en'): string {
  const t = locale === 'en' ? { lang: 'en', ops: 'Operations', method: 'Method', path: 'Path', what: 'What it does', who: 'Who may call it', json: 'OpenAPI 3.1 document (JSON)' }
    : { lang: 'ja', ops: '操作一覧', method: 'メソッド', path: 'パス', what: '内容', who: '必要な権限', json: 'OpenAPI 3.1 文書（JSON）' };
  const rows = Object.entries(doc.paths)
    .flatMap(([p, ops]) => Object.entries(ops).map(([method, op]) => ({ p, method: method.toUpperCase(), op })))
    .sort((a, b) => a.p.localeCompare(b.p) || a.method.localeCompare(b.method))
    .map(({ p, method, op }) => `<tr><td><code>${method}</code></td><td><code>${escape(p)}</code></td><td>${escape(op.summary ?? '')}</td><td>${escape((op.description ?? '').replace(/`/g, ''))}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="${t.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.info.title)} ${escape(doc.info.version)}</title></head>
<body><main>
<h1>${escape(doc.info.title)} <small>${escape(doc.info.version)}</small></h1>
<p>${escape(doc.info.description ?? '')}</p>
<p><a href="/api/openapi.json">${t.json}</a></p>
<h2>${t.ops}</h2>
<table><thead><tr><th scope="col">${t.method}</th><th scope="col">${t.path}</th><th scope="col">${t.what}</th><th scope="col">${t.who}</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</main></body></html>`;
}
