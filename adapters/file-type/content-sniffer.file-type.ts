import { fileTypeFromBuffer } from 'file-type';
import type { ContentSniffer, SniffedType } from '../../ports/content-sniffer.port';

/**
 * file-type (kept, widely used) matches the leading bytes against the signatures of some 200
 * formats, so a refusal can say what the bytes really are (a PDF, a ZIP...), not just "not an
 * image". Only the first 4 KiB are looked at: every signature it knows fits in them.
 */
export class FileTypeSniffer implements ContentSniffer {
  async sniff(bytes: Uint8Array): Promise<SniffedType | null> {
    const found = await fileTypeFromBuffer(bytes.subarray(0, 4100));
    return found ? { ext: found.ext, mime: found.mime } : null;
  }
}
