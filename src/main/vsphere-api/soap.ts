/**
 * SOAP response encoding: the envelope vCenter sends (soapenv prefix, soapenc/xsd/xsi declared, the
 * operation response in xmlns="urn:vim25"), values with xsi:type where the schema is polymorphic,
 * and faults as HTTP 500 `ServerFaultCode` with the vim fault in `detail`.
 *
 * Values are plain data: data objects carry their vim type in `_type` (always written as xsi:type,
 * which both clients accept even where the schema would not need it); morefs, typed primitives and
 * arrays use the small wrappers below so that `anyType` positions (PropertyChange.val,
 * DynamicProperty.val, TaskInfo.result) get the ArrayOfX / xsd:type markers clients need.
 */

/** A managed object reference: `<name type="HostSystem">host-1</name>`. */
export interface MoRef {
  _mo: true;
  type: string;
  value: string;
}
/** A primitive whose xsd type must be named when it sits in an anyType position. */
export interface Typed {
  _xsd: 'int' | 'long' | 'short' | 'boolean' | 'string' | 'dateTime' | 'double';
  value: string | number | boolean;
}
/** An array whose wrapper type (ArrayOf<item>) must be named in an anyType position. */
export interface ArrayVal {
  _arrayOf: string;
  items: Value[];
}
export interface DataObject {
  _type: string;
  [field: string]: Value;
}
export type Value =
  string | number | boolean | null | undefined | Date | MoRef | Typed | ArrayVal | DataObject | Value[];

export const mo = (type: string, value: string): MoRef => ({ _mo: true, type, value });
export const xsd = (type: Typed['_xsd'], value: Typed['value']): Typed => ({ _xsd: type, value });
export const arrayOf = (item: string, items: Value[]): ArrayVal => ({ _arrayOf: item, items });

export const isMoRef = (v: unknown): v is MoRef => typeof v === 'object' && v !== null && '_mo' in v;
export const isTyped = (v: unknown): v is Typed => typeof v === 'object' && v !== null && '_xsd' in v;
export const isArrayVal = (v: unknown): v is ArrayVal =>
  typeof v === 'object' && v !== null && '_arrayOf' in v;

/** A vim fault raised by a method: its type, the message clients show, and its fields. */
export class SoapFault extends Error {
  constructor(
    readonly faultType: string,
    message: string,
    readonly fields: Record<string, Value> = {},
  ) {
    super(message);
  }
}

export function escapeXml(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped rather than sent as a broken document.
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Fields whose schema type is anyType: their values need an explicit xsi:type. */
const ANY_TYPE_FIELDS = new Set(['val', 'result']);

function primitiveText(v: string | number | boolean | Date): string {
  return v instanceof Date ? v.toISOString() : escapeXml(String(v));
}

function anyTypeOf(v: string | number | boolean | Date): string {
  if (v instanceof Date) return 'xsd:dateTime';
  if (typeof v === 'boolean') return 'xsd:boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'xsd:int' : 'xsd:double';
  return 'xsd:string';
}

function itemTypeOf(items: Value[]): string {
  const first = items[0];
  if (isMoRef(first)) return 'ManagedObjectReference';
  if (typeof first === 'object' && first !== null && '_type' in first) return String(first._type);
  if (typeof first === 'number') return 'int';
  if (typeof first === 'boolean') return 'boolean';
  return 'string';
}

/** Appends `<name …>value</name>` to out; `anyType` marks a position that needs xsi:type. */
export function encodeValue(out: string[], name: string, v: Value, anyType = false): void {
  if (v === null || v === undefined) return;
  if (Array.isArray(v)) {
    // A plain array in an anyType position still needs its ArrayOf wrapper (type of its items).
    if (anyType) return encodeValue(out, name, arrayOf(itemTypeOf(v), v), true);
    for (const item of v) encodeValue(out, name, item);
    return;
  }
  if (typeof v !== 'object' || v instanceof Date) {
    const t = anyType ? ` xsi:type="${anyTypeOf(v)}"` : '';
    out.push(`<${name}${t}>${primitiveText(v)}</${name}>`);
    return;
  }
  if (isMoRef(v)) {
    out.push(
      `<${name} type="${escapeXml(v.type)}"${anyType ? ' xsi:type="ManagedObjectReference"' : ''}>` +
        `${escapeXml(v.value)}</${name}>`,
    );
    return;
  }
  if (isTyped(v)) {
    const t = anyType ? ` xsi:type="xsd:${v._xsd}"` : '';
    out.push(`<${name}${t}>${primitiveText(v.value)}</${name}>`);
    return;
  }
  if (isArrayVal(v)) {
    if (!anyType) {
      for (const item of v.items) encodeValue(out, name, item);
      return;
    }
    const item = v._arrayOf;
    const wrapper = `ArrayOf${item[0].toUpperCase()}${item.slice(1)}`;
    out.push(`<${name} xsi:type="${wrapper}">`);
    // Primitive items of an ArrayOfString/Int are typed by the wrapper; objects carry their own.
    for (const el of v.items) encodeValue(out, item, el, false);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name} xsi:type="${escapeXml(v._type)}">`);
  for (const [field, fv] of Object.entries(v)) {
    if (field === '_type') continue;
    encodeValue(out, field, fv as Value, ANY_TYPE_FIELDS.has(field));
  }
  out.push(`</${name}>`);
}

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" ' +
  'xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
  'xmlns:xsd="http://www.w3.org/2001/XMLSchema" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n<soapenv:Body>';
const ENVELOPE_CLOSE = '</soapenv:Body>\n</soapenv:Envelope>';

/** `<OpResponse xmlns="urn:vim25"><returnval>…</returnval></OpResponse>` in an envelope. */
export function encodeResponse(method: string, returnval: Value): string {
  const out: string[] = [ENVELOPE_OPEN, `<${method}Response xmlns="urn:vim25">`];
  // A single primitive return value (CurrentTime's dateTime) is written untyped, as vCenter does.
  encodeValue(out, 'returnval', returnval);
  out.push(`</${method}Response>`, ENVELOPE_CLOSE);
  return out.join('');
}

/** The detail element of a fault: `<XFault xmlns="urn:vim25" xsi:type="X">fields</XFault>`. */
export function encodeFault(fault: SoapFault, faultcode = 'ServerFaultCode'): string {
  const out: string[] = [
    ENVELOPE_OPEN,
    `<soapenv:Fault><faultcode>${faultcode}</faultcode><faultstring>${escapeXml(fault.message)}</faultstring>`,
    `<detail><${fault.faultType}Fault xmlns="urn:vim25" xsi:type="${fault.faultType}">`,
  ];
  for (const [k, v] of Object.entries(fault.fields)) encodeValue(out, k, v);
  out.push(`</${fault.faultType}Fault></detail></soapenv:Fault>`, ENVELOPE_CLOSE);
  return out.join('');
}

/** A fault as a value inside a task or a missingSet (LocalizedMethodFault). */
export function localizedFault(fault: SoapFault): DataObject {
  return {
    _type: 'LocalizedMethodFault',
    fault: { _type: fault.faultType, ...fault.fields },
    localizedMessage: fault.message,
  };
}
