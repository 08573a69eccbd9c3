// SPDX-License-Identifier: GPL-3.0-or-later
// Checks an `unknot export --fhir` bundle against the FHIR R4 schemas with
// the `fhir` npm package's validator, and against the history's own CSV
// export (`unknot history --csv`): every answer appears exactly once with
// the right code, value, time and body site, and the answers rebuilt from
// the bundle equal the CSV's (a round trip).
//
//   node fhir-check.js BUNDLE.json HISTORY.csv
// Prints "ok: ..." lines and "FAIL: ..." lines; exits 1 on any failure.
'use strict';
const fs = require('fs');
const Fhir = require('fhir').Fhir;

const [bundlePath, csvPath] = process.argv.slice(2);
let failed = 0;
const fail = (m) => { failed++; console.log('FAIL: ' + m); };
const ok = (m) => console.log('ok: ' + m);

// The SNOMED CT codes docs/fhir.md documents, written out again here so a
// change to the table in export/fhir.c must be made on purpose.
const SNOMED = {
  calves: '53840002', hamstrings: '68367000', quadriceps: '68367000',
  adductors: '68367000', glutes: '46862004', 'hip-flexors': '29836001',
  'lateral-thigh': '68367000', 'upper-back': '77568009', lats: '77568009',
  pecs: '78904004', forearms: '14975008', feet: '56459004',
  'upper-traps': '16982005', jaw: '661005',
};
const PAIN = (q) => q === 'soreness' || q.startsWith('soreness-') ||
  q === 'recent-soreness';

// RFC 4180 with CRLF, as unknot writes it.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') {
      row.push(field); rows.push(row); row = []; field = ''; i += 2; continue;
    }
    field += c; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const head = rows.shift();
  return rows.map((r) => Object.fromEntries(head.map((h, k) => [h, r[k]])));
}

const bundle = JSON.parse(fs.readFileSync(bundlePath, 'utf8'));
const csv = parseCsv(fs.readFileSync(csvPath, 'utf8'));

// 1. The validator: no errors (warnings about value sets it cannot expand,
// such as LOINC's, are expected offline and printed).
const res = new Fhir().validate(bundle, { errorOnUnexpected: true });
const errors = res.messages.filter((m) => m.severity === 'error');
for (const e of errors)
  fail(`validator: ${e.resourceId} ${e.location}: ${e.message}`);
if (!errors.length)
  ok(`validator: valid R4 Bundle (${res.messages.length} info/warning ` +
     'messages)');
if (bundle.type !== 'collection') fail('Bundle.type is not collection');

const byUrl = new Map(bundle.entry.map((e) => [e.fullUrl, e.resource]));
const of = (t) => bundle.entry.map((e) => e.resource)
  .filter((r) => r.resourceType === t);

// Every reference resolves inside the bundle.
let refs = 0;
(function walk(o) {
  if (Array.isArray(o)) { o.forEach(walk); return; }
  if (o && typeof o === 'object') {
    if (typeof o.reference === 'string') {
      refs++;
      if (!byUrl.has(o.reference)) fail('dangling reference ' + o.reference);
    }
    Object.values(o).forEach(walk);
  }
})(bundle);
ok(`${refs} references, all inside the bundle`);

// Patient: only what the settings hold (passed in the environment).
const patients = of('Patient');
if (patients.length !== 1) fail(`${patients.length} Patient resources`);
const p = patients[0] || {};
const wantName = process.env.WANT_PATIENT_NAME || '';
const wantId = process.env.WANT_PATIENT_ID || '';
const gotName = p.name ? p.name[0].text : '';
const gotId = p.identifier ? p.identifier[0].value : '';
if (gotName !== wantName) fail(`Patient name '${gotName}' != '${wantName}'`);
if (gotId !== wantId) fail(`Patient id '${gotId}' != '${wantId}'`);
const extra = Object.keys(p).filter((k) =>
  !['resourceType', 'id', 'name', 'identifier'].includes(k));
if (extra.length) fail('Patient carries more: ' + extra.join(','));
ok(`Patient: name '${gotName}', id '${gotId}', nothing else`);

// 2. Sessions: one Procedure each, found by the session number.
const procs = new Map();
for (const pr of of('Procedure')) {
  const id = pr.identifier.find((i) => i.system === 'urn:unknot:session');
  procs.set('urn:uuid:' + pr.id, { id: id.value, pr });
}
const sessionIds = new Set(csv.filter((r) => r.record === 'session')
  .map((r) => r.session));
if (procs.size !== sessionIds.size)
  fail(`${procs.size} Procedures for ${sessionIds.size} sessions`);
for (const r of csv.filter((x) => x.record === 'session')) {
  const pr = [...procs.values()].find((x) => x.id === r.session);
  if (!pr) { fail('no Procedure for session ' + r.session); continue; }
  const want = { completed: 'completed', stopped: 'stopped', quit: 'stopped',
                 interrupted: 'unknown' }[r.outcome];
  if (pr.pr.status !== want && pr.pr.status !== 'not-done')
    fail(`session ${r.session}: status ${pr.pr.status}, outcome ${r.outcome}`);
  if (pr.pr.performedPeriod.start !== r.session_start)
    fail(`session ${r.session}: start ${pr.pr.performedPeriod.start}`);
  if ((pr.pr.performedPeriod.end || '') !== r.session_end)
    fail(`session ${r.session}: end ${pr.pr.performedPeriod.end}`);
}
ok(`${procs.size} sessions as Procedures with status and period`);

// 3. Answers: each CSV answer row has exactly one Observation.
const obs = of('Observation').map((o) => {
  const q = o.code.coding.find((c) => c.system === 'urn:unknot:question');
  const loinc = o.code.coding.find((c) => c.system === 'http://loinc.org');
  const site = o.bodySite ? o.bodySite.coding : [];
  const region = (site.find((c) => c.system === 'urn:unknot:region') || {})
    .code || '';
  const snomed = (site.find((c) => c.system === 'http://snomed.info/sct') ||
    {}).code || '';
  const value = 'valueBoolean' in o ? (o.valueBoolean ? 1 : 0) : o.valueInteger;
  const session = procs.get(o.partOf[0].reference).id;
  return { session, question: q.code, value, time: o.effectiveDateTime,
           region, snomed, loinc: loinc ? loinc.code : '', used: 0 };
});
const answers = csv.filter((r) => r.record === 'session' && r.question);
let matched = 0;
for (const a of answers) {
  const hits = obs.filter((o) => o.session === a.session &&
    o.question === a.question && String(o.value) === a.value &&
    o.time === a.answer_time && o.region === a.region && !o.used);
  if (hits.length === 0) {
    fail(`answer not found: session ${a.session} ${a.question}=${a.value} ` +
         `${a.answer_time} ${a.region}`);
    continue;
  }
  const o = hits[0];
  o.used++;
  matched++;
  if (PAIN(a.question) && o.loinc !== '72514-3')
    fail(`${a.question} in session ${a.session} has no LOINC 72514-3`);
  if (!PAIN(a.question) && o.loinc)
    fail(`${a.question} coded as pain`);
  if (a.region && o.snomed !== SNOMED[a.region])
    fail(`${a.region}: SNOMED ${o.snomed}, documented ${SNOMED[a.region]}`);
  if (PAIN(a.question) && a.region === '' && a.question !== 'recent-soreness')
    fail(`pain answer without a region in session ${a.session}`);
}
const unused = obs.filter((o) => !o.used);
if (unused.length) fail(`${unused.length} Observations match no answer`);
ok(`${matched} of ${answers.length} answers, each exactly once, with code, ` +
   'value, time and body site');
const pain = obs.filter((o) => o.loinc === '72514-3');
ok(`${pain.length} pain ratings with LOINC 72514-3`);

// 4. Round trip: the answers rebuilt from the bundle equal the CSV's.
const key = (x) => [x.session, x.time, x.question, x.value, x.region].join('|');
const fromBundle = obs.map(key).sort();
const fromCsv = answers.map((a) => key({ session: a.session,
  time: a.answer_time, question: a.question, value: Number(a.value),
  region: a.region })).sort();
if (JSON.stringify(fromBundle) !== JSON.stringify(fromCsv))
  fail('round trip: the answers read back differ from the history');
else ok(`round trip: ${fromBundle.length} answers read back unchanged`);

// 5. Screening: Questionnaire in the bundle, one response per screening.
const qs = of('Questionnaire');
if (qs.length !== 1) fail(`${qs.length} Questionnaires`);
const qr = of('QuestionnaireResponse');
const screenRows = csv.filter((r) => r.record === 'screening');
const screenings = new Set(screenRows.map((r) => r.answer_time));
if (qr.length !== screenings.size)
  fail(`${qr.length} QuestionnaireResponses for ${screenings.size} screenings`);
let items = 0;
for (const r of screenRows) {
  const resp = qr.find((x) => x.authored === r.answer_time);
  const it = resp && resp.item.find((i) => i.linkId === r.question);
  if (!it) { fail('screening answer missing: ' + r.question); continue; }
  if (resp.questionnaire !== qs[0].url) fail('response names another form');
  if (!qs[0].item.find((i) => i.linkId === r.question))
    fail(`${r.question} is not in the Questionnaire`);
  const v = it.answer[0].valueBoolean ? 1 : 0;
  if (String(v) !== r.value) fail(`${r.question}: ${v} != ${r.value}`);
  items++;
}
ok(`${items} screening answers in ${qr.length} QuestionnaireResponse(s)`);

process.exit(failed ? 1 : 0);
