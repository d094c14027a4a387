import { request, withQuery } from './client';
import type { BodyOf, ResponseOf, Schemas } from './types';

/** A stored image (achievement artwork): `url` is its public PNG, to put in an achievement's `image`. */
export type StoredImage = Schemas['Image'];
export type BadgeDesign = BodyOf<'/api/v1/images/generate', 'post'>;
export type DesignOptions = ResponseOf<'/api/v1/images/options', 'get'>;

export function uploadImage(file: File): Promise<StoredImage> {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<StoredImage>('POST', '/images', { raw: { body: form } });
}

export const generateImage = (design: BadgeDesign) => request<StoredImage>('POST', '/images/generate', { body: design });
export const getDesignOptions = () => request<DesignOptions>('GET', '/images/options');

/** The live preview of a design, as an image URL (same origin: the session cookie goes with it). */
export const previewUrl = (design: BadgeDesign): string => withQuery('/api/v1/images/preview', { ...design });
