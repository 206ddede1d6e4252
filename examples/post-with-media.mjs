// Upload a picture with alt text and post it: the everyday job.

import { exampleClient } from './client.mjs';

const { client, close } = await exampleClient();
try {
  const media = await client.uploadMedia(new URL('./media/peony.png', import.meta.url), {
    altText: 'A pink peony',
  });
  console.log(`uploaded ${media.mediaType} as ${media.mediaId}`);
  const tweet = await client.tweet({ text: 'A peony, posted with peony', mediaIds: [media.mediaId] });
  console.log(`posted ${tweet.id}: ${tweet.text}`);
} finally {
  await close();
}
