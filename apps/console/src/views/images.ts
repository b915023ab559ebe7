import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import { Empty, ErrorNote, MoreButton, RefreshButton, Section, usePages, when } from '../ui';

interface ImageRecord {
  id: string;
  source: string;
  status: 'queued' | 'processing' | 'done' | 'failed';
  failure?: { code: string; message: string };
  format: string | null;
  width: number | null;
  height: number | null;
  createdAt: string;
  variants: { name: string; width: number; height: number; bytes: number }[];
}

const THUMBNAIL = 'thumbnail_150x150';

/**
 * An <img src> cannot send the Authorization header, so the thumbnail is fetched with it (the
 * API answers with a redirect to a short-lived URL, which fetch follows) and shown from an
 * object URL, released when the card goes.
 */
const Thumbnail = ({ api, image }: { api: Api; image: ImageRecord }) => {
  const [url, setUrl] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const ready = image.variants.some((variant) => variant.name === THUMBNAIL);
  useEffect(() => {
    if (!ready) return;
    let objectUrl: string | undefined;
    let current = true;
    api.blob(`/images/${encodeURIComponent(image.id)}/${THUMBNAIL}`).then(
      (blob) => {
        if (!current) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      },
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [api, image.id, ready]);
  if (error) return html`<div class="thumb missing"><${ErrorNote} error=${error} /></div>`;
  if (!ready) return html`<div class="thumb missing">${image.status}</div>`;
  return url
    ? html`<img class="thumb" src=${url} alt=${`Thumbnail of ${image.id}`} width="150" height="150" />`
    : html`<div class="thumb missing">loading…</div>`;
};

export const ImagesView = ({ api }: { api: Api }) => {
  const images = usePages<ImageRecord>(api, '/images?limit=24');
  return html`<${Section}
    title="Images"
    actions=${html`<${RefreshButton} onClick=${images.reload} loading=${images.loading} />`}
  >
    <${ErrorNote} error=${images.error} />
    <div class="gallery">
      ${images.items?.map(
        (image) => html`<figure key=${image.id} class="image-card">
          <${Thumbnail} api=${api} image=${image} />
          <figcaption>
            <span class=${`badge ${image.status}`}>${image.status}</span>
            ${image.width && image.height ? ` ${image.width}×${image.height} ${image.format ?? ''}` : ''}
            <br /><small class="id">${image.id}</small><br /><small>${when(image.createdAt)}</small>
            ${image.failure ? html`<br /><small class="alert">${image.failure.code}</small>` : null}
          </figcaption>
        </figure>`,
      )}
    </div>
    <${Empty} items=${images.items} text="No images yet: upload one (POST /images)." />
    <${MoreButton} more=${images.more} />
  <//>`;
};
