import { AppError } from '../../lib/errors.ts';

/** Refusals of uploaded files. Each names the field the user should fix. */

const mib = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))} MB`;

export const fileTooLarge = (maxBytes: number, field = '/file') =>
  new AppError('FILE_TOO_LARGE', 413, { vi: `Tệp lớn hơn giới hạn ${mib(maxBytes)}`, en: `The file is larger than the ${mib(maxBytes)} limit` }, field);

export const emptyFile = (field = '/file') => new AppError('FILE_EMPTY', 422, { vi: 'Tệp rỗng', en: 'The file is empty' }, field);

export const unsupportedFileType = (seen: string | null, field = '/file') =>
  new AppError(
    'FILE_TYPE_NOT_ALLOWED',
    415,
    {
      vi: `Loại tệp không được phép${seen ? ` (${seen})` : ''}. Chỉ nhận ảnh JPEG/PNG/GIF/WebP, video MP4/MOV/WebM/MKV/AVI/3GP và PDF.`,
      en: `File type not allowed${seen ? ` (${seen})` : ''}. Accepted: JPEG/PNG/GIF/WebP images, MP4/MOV/WebM/MKV/AVI/3GP videos and PDF.`,
    },
    field,
  );

export const imageTooManyPixels = (width: number, height: number, maxPixels: number, field = '/file') =>
  new AppError(
    'IMAGE_TOO_MANY_PIXELS',
    422,
    {
      vi: `Ảnh ${width}×${height} điểm ảnh vượt giới hạn ${maxPixels.toLocaleString('vi-VN')} điểm ảnh`,
      en: `The ${width}×${height} image exceeds the ${maxPixels.toLocaleString('en-US')} pixel limit`,
    },
    field,
  );

export const imageUnreadable = (field = '/file') =>
  new AppError('IMAGE_UNREADABLE', 422, { vi: 'Không đọc được ảnh (tệp hỏng hoặc không đầy đủ)', en: 'The image cannot be read (damaged or incomplete file)' }, field);

export const uploadStalled = () =>
  new AppError('UPLOAD_STALLED', 408, { vi: 'Kết nối tải lên bị treo quá lâu', en: 'The upload stalled for too long' }, '/file');

export const mediaNotFound = () => new AppError('MEDIA_NOT_FOUND', 404, { vi: 'Không tìm thấy tệp', en: 'Media not found' });

/** The client went away mid-body; nobody reads the answer, but the log shows a normal event, not a server fault. */
export const uploadInterrupted = () =>
  new AppError('UPLOAD_INTERRUPTED', 400, { vi: 'Kết nối bị ngắt khi đang tải lên', en: 'The connection dropped during the upload' }, '/file');
