import { request, withQuery } from './client';

/** A stored image (achievement artwork): `url` is its public PNG, to put in an achievement's `image`. */
export interface StoredImage {
  id: string;
  url: string;
  svgUrl?: string;
  contentType: 'image/png' | 'image/svg+xml';
  source: 'upload' | 'generated';
  width: number;
  height: number;
  /** What sanitising took out of an uploaded SVG. */
  removed?: string[];
}

export interface BadgeDesign {
  shape: string;
  primary: string;
  secondary: string;
  icon: string;
  title: string;
  subtitle?: string;
}

export interface DesignOptions {
  shapes: string[];
  icons: string[];
}

export function uploadImage(file: File): Promise<StoredImage> {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<StoredImage>('POST', '/images', { raw: { body: form } });
}

export const generateImage = (design: BadgeDesign) => request<StoredImage>('POST', '/images/generate', { body: design });
export const getDesignOptions = () => request<DesignOptions>('GET', '/images/options');

/** The live preview of a design, as an image URL (same origin: the session cookie goes with it). */
export const previewUrl = (design: BadgeDesign): string => withQuery('/api/v1/images/preview', { ...design });
