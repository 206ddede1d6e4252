// The shapes X returns for the everyday objects; fields beyond these are kept, typed as unknown.

/** A v2 post (tweet). Fields other than id and text arrive when asked for with `tweet.fields`. */
export interface Tweet {
  readonly id: string;
  readonly text: string;
  readonly edit_history_tweet_ids?: readonly string[];
  readonly author_id?: string;
  readonly created_at?: string;
  readonly conversation_id?: string;
  readonly in_reply_to_user_id?: string;
  readonly lang?: string;
  readonly attachments?: { readonly media_keys?: readonly string[]; readonly poll_ids?: readonly string[] };
  readonly referenced_tweets?: ReadonlyArray<{
    readonly type: 'retweeted' | 'quoted' | 'replied_to';
    readonly id: string;
  }>;
  readonly public_metrics?: Readonly<Record<string, number>>;
  readonly [field: string]: unknown;
}

/** A v2 user. */
export interface User {
  readonly id: string;
  readonly name: string;
  readonly username: string;
  readonly created_at?: string;
  readonly description?: string;
  readonly profile_image_url?: string;
  readonly protected?: boolean;
  readonly verified?: boolean;
  readonly public_metrics?: Readonly<Record<string, number>>;
  readonly [field: string]: unknown;
}

/** A v2 media object, as found in `includes.media`. */
export interface Media {
  readonly media_key: string;
  readonly type: 'photo' | 'video' | 'animated_gif' | string;
  readonly url?: string;
  readonly preview_image_url?: string;
  readonly width?: number;
  readonly height?: number;
  readonly alt_text?: string;
  readonly [field: string]: unknown;
}

/** A partial error of a v2 answer: the request succeeded, some items did not. */
export interface PartialError {
  readonly title: string;
  readonly detail?: string;
  readonly type: string;
  readonly resource_id?: string;
  readonly resource_type?: string;
  readonly parameter?: string;
  readonly value?: string;
  readonly [field: string]: unknown;
}

export interface Includes {
  readonly users?: readonly User[];
  readonly tweets?: readonly Tweet[];
  readonly media?: readonly Media[];
  readonly [field: string]: unknown;
}

/** Every v2 answer: `data`, and where asked `includes`, `meta`, and partial `errors`. */
export interface V2Response<T> {
  readonly data: T;
  readonly includes?: Includes;
  readonly meta?: Readonly<Record<string, unknown>>;
  readonly errors?: readonly PartialError[];
}

/** A v1.1 status, as returned by statuses/update and the timelines. */
export interface StatusV1 {
  readonly id: number;
  readonly id_str: string;
  readonly text: string;
  readonly created_at: string;
  readonly user?: {
    readonly id_str: string;
    readonly screen_name: string;
    readonly [field: string]: unknown;
  };
  readonly [field: string]: unknown;
}
