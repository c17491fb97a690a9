// Photos are made small on the phone before they are queued: at most 1600 px on the long side, JPEG
// at quality 0.8 (a few hundred KB instead of a 12 MP original over a basement's mobile link).

export const MAX_SIDE = 1600;
export const JPEG_QUALITY = 0.8;

/** The size to draw a w×h image at: the same when it fits, else scaled down keeping its shape. */
export function fitWithin(w: number, h: number, max = MAX_SIDE): { width: number; height: number } {
  if (!(w > 0 && h > 0)) throw new RangeError(`not an image size: ${w}×${h}`);
  const long = Math.max(w, h);
  if (long <= max) return { width: Math.round(w), height: Math.round(h) };
  const k = max / long;
  return { width: Math.max(1, Math.round(w * k)), height: Math.max(1, Math.round(h * k)) };
}

/** The photo as a JPEG of at most MAX_SIDE px (upright as taken: EXIF orientation applied). */
export async function downscalePhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const { width, height } = fitWithin(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.drawImage(bitmap, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('JPEG encoding failed'))),
        'image/jpeg',
        JPEG_QUALITY,
      ),
    );
  } finally {
    bitmap.close();
  }
}
