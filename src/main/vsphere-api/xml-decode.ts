/**
 * SOAP request decoding: XML text → a small element tree with namespace-resolved xsi:type.
 *
 * fast-xml-parser runs with entity processing off; a document carrying a DOCTYPE or an entity
 * declaration is refused before parsing, so no entity is ever expanded (billion laughs, external
 * entities). Only the five predefined XML entities and numeric character references are decoded,
 * by hand, in text and attribute values.
 *
 * xsi:type is found by namespace URI, not by prefix: govc writes `XMLSchema-instance:type`, pyvmomi
 * `xsi:type`. Unknown elements are kept (pyvmomi echoes whole device objects in deviceChange).
 */
import { XMLParser } from 'fast-xml-parser';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** One XML element: local name, resolved xsi:type, the `type` attribute of a moref, text, children. */
export interface XNode {
  name: string;
  xsiType: string | null;
  /** The plain `type` attribute (ManagedObjectReference's type). */
  typeAttr: string | null;
  text: string;
  children: XNode[];
}

/** Why a request body is not a usable SOAP request (answered with a client fault, HTTP 400). */
export class BadRequest extends Error {}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes predefined and numeric references; any other "&name;" is left as it is written. */
export function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (all, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#')) {
      const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return PREDEFINED[ref] ?? all;
  });
}

type Raw = Record<string, unknown>;

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

function convert(raw: Raw, scope: Map<string, string>, depth: number): XNode | null {
  if (depth > 64) throw new BadRequest('The request nests elements too deeply.');
  const qname = Object.keys(raw).find((k) => k !== ':@');
  if (!qname || qname === '#text' || qname.startsWith('?') || qname.startsWith('!')) return null;
  const attrs = (raw[':@'] ?? {}) as Record<string, string>;
  let ns = scope;
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (ns === scope) ns = new Map(scope);
      ns.set(k === 'xmlns' ? '' : k.slice(6), unescapeXml(String(v)));
    }
  }
  let xsiType: string | null = null;
  let typeAttr: string | null = null;
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'type') typeAttr = unescapeXml(String(v));
    else if (k.endsWith(':type') && ns.get(k.slice(0, -5)) === XSI) xsiType = localName(String(v));
  }
  const node: XNode = { name: localName(qname), xsiType, typeAttr, text: '', children: [] };
  let text = '';
  for (const child of (raw[qname] ?? []) as Raw[]) {
    if ('#text' in child) text += String(child['#text']);
    else {
      const c = convert(child, ns, depth + 1);
      if (c) node.children.push(c);
    }
  }
  node.text = unescapeXml(text);
  return node;
}

/** Parses a SOAP envelope and returns the operation element inside Body. */
export function decodeSoapRequest(body: string): XNode {
  // A DTD is never needed by SOAP (SOAP 1.1 forbids it); refusing it means no entity can exist.
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) {
    throw new BadRequest('Document type declarations are not allowed in a SOAP request.');
  }
  let raw: Raw[];
  try {
    raw = parser.parse(body, true) as Raw[];
  } catch (e) {
    throw new BadRequest(`The request is not well-formed XML: ${(e as Error).message.split('\n')[0]}`);
  }
  const root = raw.map((r) => convert(r, new Map(), 0)).find((n): n is XNode => n !== null);
  if (!root || root.name !== 'Envelope') throw new BadRequest('The request is not a SOAP envelope.');
  const bodyNode = root.children.find((c) => c.name === 'Body');
  const op = bodyNode?.children[0];
  if (!op) throw new BadRequest('The SOAP body holds no operation.');
  return op;
}

// ---------------------------------------------------------------------------------------------------
// Reading helpers used by the method handlers
// ---------------------------------------------------------------------------------------------------

export function child(node: XNode | undefined, name: string): XNode | undefined {
  return node?.children.find((c) => c.name === name);
}

export function childrenNamed(node: XNode | undefined, name: string): XNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

export function textOf(node: XNode | undefined, name: string): string | undefined {
  const c = child(node, name);
  return c ? c.text.trim() : undefined;
}

export function boolOf(node: XNode | undefined, name: string): boolean | undefined {
  const t = textOf(node, name);
  return t === undefined ? undefined : t === 'true' || t === '1';
}

export function intOf(node: XNode | undefined, name: string): number | undefined {
  const t = textOf(node, name);
  if (t === undefined || !/^-?\d{1,15}$/.test(t)) return undefined;
  return Number(t);
}

/** A ManagedObjectReference argument: `<name type="HostSystem">host-1</name>`. */
export interface Moref {
  type: string;
  value: string;
}

export function morefOf(node: XNode | undefined): Moref | undefined {
  if (!node) return undefined;
  const type = node.typeAttr ?? node.xsiType;
  return type ? { type, value: node.text.trim() } : undefined;
}

export function morefChild(node: XNode | undefined, name: string): Moref | undefined {
  return morefOf(child(node, name));
}
