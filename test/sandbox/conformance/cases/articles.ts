// Articles: a draft with every kind of block and entity the document describes, and its publishing.
import type { CaseFile } from '../harness.js';

const content = {
  blocks: [
    { key: 'a', type: 'header-one', text: 'Conformance' },
    {
      type: 'unstyled',
      text: 'See #sandbox and @XDevelopers',
      data: {
        hashtags: [{ from_index: 4, to_index: 12, text: 'sandbox' }],
        mentions: [{ from_index: 17, to_index: 29, text: 'XDevelopers' }],
      },
      inline_style_ranges: [{ offset: 0, length: 3, style: 'italic' }],
    },
    { type: 'atomic', text: ' ', entity_ranges: [{ key: 0, offset: 0, length: 1 }] },
  ],
  entities: [
    { key: '0', value: { type: 'markdown', mutability: 'mutable', data: { markdown: '```ts\n1\n```' } } },
  ],
};

const cases: CaseFile = async (h) => {
  const made = await h.send('POST', '/2/articles/draft', {
    json: { title: 'To publish', content_state: content },
  });
  const id = (made.body as { data?: { id: string } }).data?.id ?? '';
  return [
    {
      operation: 'POST /2/articles/draft',
      json: { title: 'Conformance', content_state: content },
      repeatable: false,
    },
    { operation: 'POST /2/articles/{article_id}/publish', path: { article_id: id } },
  ];
};
export default cases;
