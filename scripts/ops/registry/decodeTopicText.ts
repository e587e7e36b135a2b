import { FINDING_CODES } from './constants';
import { ROOT_PATH } from './jsonPath';
import { createLineIndex } from './lineIndex';
import { makeFinding } from './makeFinding';
import type { Finding } from './types';

export interface DecodedText {
  /** Undefined when the bytes are not UTF-8 text. */
  text?: string;
  findings: Finding[];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Decodes a topic file as UTF-8. A UTF-8 byte order mark is an error (Terraform's jsondecode and
 * several JSON tools reject it) but the rest of the file is still checked; UTF-16 and invalid
 * byte sequences stop here with the position of the first bad byte.
 *
 * @example
 * decodeTopicText('a.json', new TextEncoder().encode('{}')); // { text: '{}', findings: [] }
 */
export function decodeTopicText(file: string, bytes: Uint8Array): DecodedText {
  const findings: Finding[] = [];
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    findings.push(
      makeFinding({
        code: FINDING_CODES.ENCODING_BOM,
        file,
        path: ROOT_PATH,
        message: 'file starts with a UTF-8 byte order mark',
        hint: 'save the file as UTF-8 without BOM',
        position: { line: 1, column: 1 },
      }),
    );
    body = bytes.subarray(3);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    findings.push(notUtf8(file, 'file is UTF-16 encoded', { line: 1, column: 1 }));
    return { findings };
  }
  try {
    return { text: strictUtf8.decode(body), findings };
  } catch {
    // The fatal decoder gives no offset: the first replacement character of a lenient decode
    // marks the first invalid sequence.
    const lenient = lenientUtf8.decode(body);
    const offset = Math.max(0, lenient.indexOf('\uFFFD'));
    findings.push(notUtf8(file, 'file is not valid UTF-8', createLineIndex(lenient)(offset)));
    return { findings };
  }
}

function notUtf8(file: string, message: string, position: { line: number; column: number }) {
  return makeFinding({
    code: FINDING_CODES.ENCODING_NOT_UTF8,
    file,
    path: ROOT_PATH,
    message: `${message} (first bad byte at line ${position.line}, column ${position.column})`,
    hint: 're-save the file as UTF-8',
    position,
  });
}
