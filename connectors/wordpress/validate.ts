import type { Problem, RenderedPost } from '../contract.ts';
import { uploadableImageTypes } from './content.ts';

/** What a WordPress post needs, checked before approval. */
export function validateWordpressPost(post: RenderedPost): Problem[] {
  const problems: Problem[] = [];
  if (post.title.trim() === '') {
    problems.push({ field: '/title', code: 'WP_TITLE_REQUIRED', message: { vi: 'Bài đăng WordPress cần tiêu đề', en: 'A WordPress post needs a title' } });
  }
  if (post.body.trim() === '') {
    problems.push({ field: '/body', code: 'WP_BODY_REQUIRED', message: { vi: 'Bài đăng WordPress cần nội dung', en: 'A WordPress post needs a body' } });
  }
  const image = post.media.find((m) => m.kind === 'image');
  if (image && !uploadableImageTypes.includes(image.mimeType)) {
    problems.push({
      field: '/media',
      code: 'WP_IMAGE_TYPE',
      message: {
        vi: `Ảnh đại diện cho WordPress phải là JPEG, PNG, GIF hoặc WebP (đang là ${image.mimeType})`,
        en: `The WordPress featured image must be JPEG, PNG, GIF or WebP (got ${image.mimeType})`,
      },
    });
  }
  return problems;
}
