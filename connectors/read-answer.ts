import { ConnectorError } from './contract.ts';

/**
 * Reads a platform answer's body as text. A connection lost mid-body is transient; when the
 * call was creating something the platform may already have done it (`sideEffectPossible`),
 * so the engine reconciles instead of posting twice.
 */
export async function readAnswerText(res: Response, platform: string, action: { vi: string; en: string }, creating: boolean): Promise<string> {
  try {
    return await res.text();
  } catch (cause) {
    throw new ConnectorError({
      kind: 'transient',
      code: 'NET_BODY_INTERRUPTED',
      sideEffectPossible: creating,
      message: { vi: `Mất kết nối khi đọc trả lời của ${platform} (${action.vi})`, en: `Connection lost while reading ${platform}'s answer (${action.en})` },
      cause,
    });
  }
}

/** The part of an answer kept with an error for the people reading it: whitespace collapsed, at most 300 characters. */
export function excerptOf(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** A success answer without the field we need (e.g. the new post's id) is not a success we can record. */
export function missingFieldError(platform: string, code: string, field: string, action: { vi: string; en: string }, creating: boolean): ConnectorError {
  return new ConnectorError({
    kind: 'transient',
    code,
    sideEffectPossible: creating,
    message: { vi: `${platform} trả lời thiếu trường "${field}" khi ${action.vi}`, en: `${platform}'s answer lacked "${field}" while ${action.en}` },
  });
}
