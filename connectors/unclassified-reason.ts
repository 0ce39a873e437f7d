type Messages = { vi: string; en: string };

/**
 * What officers read when a platform answers with an error no rule of its connector's table
 * knows: what happened and what they can do, in plain words. The platform's raw code stays out
 * of the sentence: it is the attempt's error and platform codes (the board's "Các lần thử",
 * for an administrator) and the worker logs it as unclassified. Every connector words it alike.
 */
export function unclassifiedReason(platform: string): Messages {
  return {
    vi: `${platform} báo một lỗi mà Loa chưa biết cách xử lý; Loa sẽ tự thử lại vài lần. Nếu vẫn không được, hãy báo quản trị viên (mã lỗi ghi ở mục "Các lần thử")`,
    en: `${platform} answered with an error Loa does not know how to handle; Loa will retry a few times. If it still fails, tell an administrator (the error code is under "Attempts")`,
  };
}
