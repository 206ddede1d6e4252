// Every stream of X's document the sandbox serves: its path, what it carries, and how many partitions it has.
// A connection is one app on one stream (and one partition of it), so each partition is a connection of its own.

/** What a stream carries; each family has its own message shape in the document. */
export type StreamFamily =
  | 'posts'
  | 'likes'
  | 'post-compliance'
  | 'user-compliance'
  | 'like-compliance'
  | 'labels'
  | 'activity';

export interface StreamDefinition {
  /** Short name, also the connection kind (with `-<partition>` for partitioned streams). */
  readonly id: string;
  readonly path: string;
  /** The name `/2/connections` uses for it (`endpoint_name`, `endpoints`, `endpoint_id`). */
  readonly endpoint: string;
  readonly family: StreamFamily;
  /** The document's `partition` maximum; 0 for a stream without partitions. */
  readonly partitions: number;
  /** Only posts in this language (the firehose's `/lang/xx` variants). */
  readonly lang?: string;
  /** The filtered stream: posts matching the app's rules, with `matching_rules`. */
  readonly filtered?: boolean;
}

/** The firehose's language variants, each with the document's partition count. */
const FIREHOSE_LANGS = { en: 8, ja: 2, ko: 2, pt: 2 } as const;

export const STREAMS: readonly StreamDefinition[] = [
  {
    id: 'filtered',
    endpoint: 'filtered_stream',
    path: '/2/tweets/search/stream',
    family: 'posts',
    partitions: 0,
    filtered: true,
  },
  {
    id: 'sample',
    endpoint: 'sample_stream',
    path: '/2/tweets/sample/stream',
    family: 'posts',
    partitions: 0,
  },
  {
    id: 'sample10',
    endpoint: 'sample10_stream',
    path: '/2/tweets/sample10/stream',
    family: 'posts',
    partitions: 2,
  },
  {
    id: 'firehose',
    endpoint: 'firehose_stream',
    path: '/2/tweets/firehose/stream',
    family: 'posts',
    partitions: 20,
  },
  ...Object.entries(FIREHOSE_LANGS).map(([lang, partitions]) => ({
    id: `firehose-${lang}`,
    endpoint: `firehose_stream_lang_${lang}`,
    path: `/2/tweets/firehose/stream/lang/${lang}`,
    family: 'posts' as const,
    partitions,
    lang,
  })),
  {
    id: 'tweets-compliance',
    endpoint: 'tweets_compliance_stream',
    path: '/2/tweets/compliance/stream',
    family: 'post-compliance',
    partitions: 4,
  },
  {
    id: 'users-compliance',
    endpoint: 'users_compliance_stream',
    path: '/2/users/compliance/stream',
    family: 'user-compliance',
    partitions: 4,
  },
  {
    id: 'tweets-label',
    endpoint: 'tweet_label_stream',
    path: '/2/tweets/label/stream',
    family: 'labels',
    partitions: 0,
  },
  {
    id: 'likes-firehose',
    endpoint: 'likes_firehose_stream',
    path: '/2/likes/firehose/stream',
    family: 'likes',
    partitions: 20,
  },
  {
    id: 'likes-sample10',
    endpoint: 'likes_sample10_stream',
    path: '/2/likes/sample10/stream',
    family: 'likes',
    partitions: 2,
  },
  {
    id: 'likes-compliance',
    endpoint: 'likes_compliance_stream',
    path: '/2/likes/compliance/stream',
    family: 'like-compliance',
    partitions: 0,
  },
  {
    id: 'activity',
    endpoint: 'activity_stream',
    path: '/2/activity/stream',
    family: 'activity',
    partitions: 0,
  },
];

export function streamByPath(path: string): StreamDefinition | undefined {
  return STREAMS.find((stream) => stream.path === path);
}

/**
 * Which partition (1-based) an id belongs to: the id modulo the partition count (UNCONFIRMED: X does not say
 * how it spreads posts over partitions). Every partition together carries everything, without overlap.
 */
export function partitionOf(id: string, partitions: number): number {
  if (partitions <= 1 || !/^[0-9]+$/.test(id)) return 1;
  return Number(BigInt(id) % BigInt(partitions)) + 1;
}
