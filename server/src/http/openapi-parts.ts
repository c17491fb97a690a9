// Pieces of the OpenAPI document for the field-work routes (api.md "Field work and notifications
// (v1.1)"): the Idempotency-Key header and its answers, multipart uploads and image answers.
import { z } from 'zod';
import { ImageTypeSchema } from '../contracts/dto';

interface ErrorAnswer {
  description: string;
  content: unknown;
}

export const IDEMPOTENCY_PARAM = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x20-\\x7e]+$' } as never,
};

export const idempotencyAnswers = (error: ErrorAnswer) => ({
  '409': {
    ...error,
    description:
      'conflict, or idempotency_in_progress: the first request with the key is still being handled',
  },
  '422': { ...error, description: 'idempotency_key_reused: the key was used for a different request' },
});

export const uploadRequest = (fields: z.ZodObject) => ({
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file', ...Object.keys(fields.shape)],
        properties: {
          ...(z.toJSONSchema(fields, { io: 'input' }) as { properties: object }).properties,
          file: { type: 'string', format: 'binary' },
        },
      },
    },
  },
});

export const uploadAnswers = (error: ErrorAnswer) => ({
  '413': { ...error, description: 'too_large: the file is over 10 MB' },
  '415': {
    ...error,
    description: 'unsupported_media_type: not multipart, or the file is not JPEG, PNG or WebP',
  },
});

export const IMAGE_CONTENT = Object.fromEntries(
  ImageTypeSchema.options.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
);
