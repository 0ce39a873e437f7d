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
