// A generator of news-like articles with Factmark annotations, for the tests of a full library.
// Everything is made up here, from a seeded random generator: the words are syllables strung
// together (so the text compresses no better than real news), the names, places and figures are
// invented, and the annotations have the shape the analysis gives (a claim per sentence with a
// score, reasons and cites; entities with their entity ids; quotes with speakers), with the ids
// Factmark derives (UUID v5 of kind, label, covered text and occurrence).
import { createHash } from 'node:crypto';

/** mulberry32: a small seeded generator, so every run makes the same library. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidBytes(text) {
  return Buffer.from(text.replace(/-/g, ''), 'hex');
}

function uuidV5(namespace, name) {
  const hash = createHash('sha1').update(namespace).update(Buffer.from(name, 'utf8')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Factmark's id namespace: a v5 of its URL in the URL namespace (crates/factmark-core/src/ids.rs). */
const NAMESPACE = uuidBytes(uuidV5(uuidBytes('6ba7b811-9dad-11d1-80b4-00c04fd430c8'), 'https://factmark.invalid/ids'));

const entityId = (label, key) => uuidV5(NAMESPACE, `entity\u001f${label}\u001f${key.toLowerCase()}`);

const FUNCTION_WORDS = ('the a of to in and that for on with as by at from after before about over under ' +
  'against between during without while since because although their its his her our this these those ' +
  'was were is are has have had will would could should may might not also more most less than then').split(' ');
const ONSETS = ['b', 'br', 'c', 'ch', 'cl', 'd', 'dr', 'f', 'fl', 'g', 'gr', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'pl', 'pr', 'r', 's', 'sh', 'st', 't', 'th', 'tr', 'v', 'w', 'z'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'io', 'y'];
const CODAS = ['', '', 'n', 'r', 's', 'l', 'st', 'nd', 'rk', 'm', 'ct', 'x', 'ng'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ROLES = ['a spokesperson for', 'the director of', 'an economist at', 'a lawyer for', 'the chair of', 'a researcher at'];
const ORG_KINDS = ['Council', 'Institute', 'Authority', 'Bank', 'Agency', 'Union', 'Group', 'Commission'];

/** A generator of one library: words, names and articles. */
export function libraryGenerator(seed = 20261204, threshold = 0.4) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const int = (low, high) => low + Math.floor(next() * (high - low + 1));
  const syllables = (count) => Array.from({ length: count }, () => pick(ONSETS) + pick(VOWELS) + pick(CODAS)).join('');
  const capital = (word) => word[0].toUpperCase() + word.slice(1);
  const lexicon = Array.from({ length: 6000 }, () => syllables(int(1, 3)));
  const people = Array.from({ length: 3000 }, () => [capital(syllables(int(1, 2))), capital(syllables(int(1, 3)))]);
  const places = Array.from({ length: 800 }, () => capital(syllables(int(2, 3))));
  const orgs = Array.from({ length: 800 }, () => `${capital(syllables(int(2, 3)))} ${pick(ORG_KINDS)}`);
  const words = (count) =>
    Array.from({ length: count }, () => (next() < 0.45 ? pick(FUNCTION_WORDS) : pick(lexicon))).join(' ');

  /** One article of about `chars` characters, with its annotations (stamped `created`). */
  function article(number, chars, created) {
    let text = '';
    const annotations = [];
    // Offsets count code points; every character here is in the BMP but the quotation marks,
    // which are too, so code points are UTF-16 units.
    const add = (piece) => {
      const start = text.length;
      text += piece;
      return start;
    };
    const headline = `${capital(words(int(4, 7)))} in ${pick(places)} (${number})`;
    add(`${headline}\n\n`);
    while (text.length < chars) {
      const sentences = int(2, 4);
      for (let s = 0; s < sentences; s += 1) {
        if (s > 0) add(' ');
        const sentenceStart = text.length;
        const inside = [];
        const mention = (piece, label, key) => {
          const start = add(piece);
          inside.push({ kind: 'entity', label, start, end: start + piece.length, key });
        };
        if (next() < 0.3) {
          const [first, last] = pick(people);
          const quoteStart = add('“');
          add(`${capital(words(int(8, 16)))},”`);
          const quote = { kind: 'quote', label: 'STATEMENT', start: quoteStart, end: text.length };
          add(' said ');
          const name = `${first} ${last}`;
          const speakerStart = text.length;
          mention(name, 'PERSON', name);
          quote.speaker = { start: speakerStart, end: speakerStart + name.length, text: name, entity_id: entityId('PERSON', name) };
          add(`, ${pick(ROLES)} the `);
          const org = pick(orgs);
          mention(org, 'ORG', org);
          add('.');
          inside.push(quote);
        } else {
          add(capital(words(int(3, 7))));
          add(' ');
          const place = pick(places);
          mention(place, 'GPE', place);
          add(` ${words(int(3, 8))} `);
          const figure = `${int(2, 97)}%`;
          mention(figure, 'PERCENT', figure);
          add(` ${words(int(2, 6))} in `);
          const date = `${pick(MONTHS)} ${int(1990, 2026)}`;
          mention(date, 'DATE', date);
          add(`, ${words(int(2, 5))}.`);
        }
        const score = int(1, 99) / 100;
        const claim = { kind: 'claim', label: null, start: sentenceStart, end: text.length, score };
        const named = inside.find((a) => a.label === 'PERSON' || a.label === 'ORG' || a.label === 'GPE');
        claim.reasons = [
          `contains a figure or date: ${text.slice(inside.at(-1).start, inside.at(-1).end)}`,
          ...(named ? [`names ${named.label === 'PERSON' ? 'a person' : 'an organisation or place'}: ${text.slice(named.start, named.end)}`] : []),
          `wording typical of checkable statements: “${pick(lexicon)}”, “${pick(lexicon)}”`,
        ].slice(0, int(1, 3));
        claim.highlighted = score >= threshold;
        claim.inside = inside;
        annotations.push(claim, ...inside);
      }
      add('\n\n');
    }
    text = text.trimEnd();
    annotations.sort((a, b) => a.start - b.start || b.end - a.end || order(a) - order(b));
    const seen = new Map();
    const full = annotations.map((a) => {
      const covered = text.slice(a.start, a.end);
      const key = `${a.kind}\u001f${a.label ?? ''}\u001f${covered}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      a.id = uuidV5(NAMESPACE, `${key}\u001f${occurrence}`);
      return a;
    });
    const result = full.map((a) => {
      const out = { id: a.id, kind: a.kind, label: a.label, start: a.start, end: a.end, text: text.slice(a.start, a.end) };
      Object.assign(out, { status: 'unverified', origin: 'auto', created, updated: created, note: '', evidence: [] });
      if (a.kind === 'entity' && ['PERSON', 'ORG', 'GPE'].includes(a.label)) out.entity_id = entityId(a.label, a.key);
      if (a.speaker) out.speaker = a.speaker;
      if (a.kind === 'claim') {
        out.score = a.score;
        out.reasons = a.reasons;
        out.highlighted = a.highlighted;
        const cites = a.inside.filter((b) => b.kind !== 'entity' || ['PERSON', 'ORG', 'GPE'].includes(b.label)).map((b) => b.id);
        if (cites.length > 0) out.cites = cites;
      }
      return out;
    });
    return { title: headline, text, annotations: result };
  }

  /** Marks `count` annotations reviewed (verified or disputed), five with a note and a link. */
  function review(article, count, when) {
    const chosen = article.annotations.filter((_, index) => index % Math.max(1, Math.floor(article.annotations.length / count)) === 0).slice(0, count);
    chosen.forEach((annotation, index) => {
      annotation.status = index % 3 === 2 ? 'disputed' : 'verified';
      annotation.updated = when(index);
      if (index < 5) {
        annotation.note = `Checked against the ${pick(lexicon)} records: ${words(int(6, 14))}.`;
        annotation.evidence = [{ url: `https://example.org/${pick(lexicon)}/${int(1, 99999)}`, title: capital(words(3)) }];
      }
    });
  }

  return { article, review };
}

const order = (a) => ({ claim: 0, quote: 1, entity: 2 })[a.kind];

/** A library document of `count` reviewed articles of about `chars` characters each; claims are
 * highlighted from `threshold` up, as the app decides them on import. */
export function generateLibrary(count, chars = 5000, seed = 20261204, threshold = 0.4) {
  const generator = libraryGenerator(seed, threshold);
  const articles = [];
  for (let n = 0; n < count; n += 1) {
    const day = String(1 + (n % 28)).padStart(2, '0');
    const created = `2026-03-${day}T09:${String(n % 60).padStart(2, '0')}:00.000Z`;
    const article = generator.article(n + 1, chars, created);
    generator.review(article, 30, (index) => `2026-04-${day}T10:${String(index).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}.500Z`);
    articles.push(article);
  }
  return { format: 'factmark', version: 1, articles };
}
