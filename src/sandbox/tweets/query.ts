// The small query language shared by search (recent, all), counts and stream rules: words, "phrases", from:,
// to:, @, #, conversation_id:, lang:, retweets_of:, has:, is:, -negation, OR and parentheses (AND binds tighter
// than OR, as on X).

export type QueryNode =
  | { readonly kind: 'word'; readonly word: string }
  | { readonly kind: 'phrase'; readonly words: readonly string[] }
  | { readonly kind: 'from' | 'to' | 'mention'; readonly username: string }
  | { readonly kind: 'hashtag'; readonly tag: string }
  | { readonly kind: 'conversation'; readonly id: string }
  | { readonly kind: 'lang'; readonly lang: string }
  | { readonly kind: 'retweets_of'; readonly username: string }
  | { readonly kind: 'has'; readonly what: HasOperand }
  | { readonly kind: 'is'; readonly what: IsOperand }
  | { readonly kind: 'not'; readonly node: QueryNode }
  | { readonly kind: 'and' | 'or'; readonly nodes: readonly QueryNode[] };

const HAS_OPERANDS = ['media', 'images', 'videos', 'links', 'mentions', 'hashtags'] as const;
const IS_OPERANDS = ['reply', 'quote', 'retweet'] as const;
type HasOperand = (typeof HAS_OPERANDS)[number];
type IsOperand = (typeof IS_OPERANDS)[number];

/** What a query can look at in a tweet; built by the caller so the matcher needs no store. */
export interface MatchableTweet {
  readonly text: string;
  readonly authorUsername: string;
  readonly authorId: string;
  readonly inReplyToUsername?: string;
  readonly hashtags: readonly string[];
  readonly mentions: readonly string[];
  readonly urlCount: number;
  readonly mediaTypes: readonly string[];
  readonly isReply: boolean;
  readonly isQuote: boolean;
  readonly isRetweet?: boolean;
  readonly conversationId?: string;
  /** BCP 47 code as rendered in `lang`. */
  readonly lang?: string;
  /** Username of the reposted tweet's author, for reposts. */
  readonly retweetOfUsername?: string;
}

export class QueryError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} (at position ${position + 1})`);
    this.name = 'QueryError';
  }
}

interface Token {
  readonly type: 'open' | 'close' | 'or' | 'term';
  readonly text: string;
  readonly position: number;
  readonly negated: boolean;
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < query.length) {
    const char = query[index] ?? '';
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    const position = index;
    let negated = false;
    if (char === '-' && index + 1 < query.length && !/\s/.test(query[index + 1] ?? ' ')) {
      negated = true;
      index++;
    }
    const head = query[index] ?? '';
    if (head === '(') {
      tokens.push({ type: 'open', text: '(', position, negated });
      index++;
    } else if (head === ')') {
      if (negated) throw new QueryError("A negation must precede a term, not ')'", position);
      tokens.push({ type: 'close', text: ')', position, negated });
      index++;
    } else if (head === '"') {
      const end = query.indexOf('"', index + 1);
      if (end < 0) throw new QueryError('Unterminated quoted phrase', position);
      tokens.push({ type: 'term', text: query.slice(index, end + 1), position, negated });
      index = end + 1;
    } else {
      let end = index;
      while (end < query.length && !/[\s()]/.test(query[end] ?? ' ')) end++;
      const text = query.slice(index, end);
      tokens.push({ type: !negated && text === 'OR' ? 'or' : 'term', text, position, negated });
      index = end;
    }
  }
  return tokens;
}

/** Words as the matcher sees them: lowercase runs of letters, digits and underscores. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

function parseTerm(token: Token): QueryNode {
  const { text, position } = token;
  if (text.startsWith('"')) {
    const phrase = words(text.slice(1, -1));
    if (phrase.length === 0) throw new QueryError('Empty quoted phrase', position);
    return phrase.length === 1 && phrase[0]
      ? { kind: 'word', word: phrase[0] }
      : { kind: 'phrase', words: phrase };
  }
  const operator = /^([a-z_]+):(.*)$/.exec(text);
  if (operator) {
    const name = operator[1] ?? '';
    const value = operator[2] ?? '';
    if (value === '') throw new QueryError(`Operator '${name}:' needs a value`, position);
    if (name === 'from' || name === 'to' || name === 'retweets_of') {
      return { kind: name, username: value.replace(/^@/, '').toLowerCase() };
    }
    if (name === 'conversation_id') {
      if (!/^[0-9]{1,19}$/.test(value)) throw new QueryError(`Invalid conversation_id '${value}'`, position);
      return { kind: 'conversation', id: value };
    }
    if (name === 'lang') {
      if (!/^[a-z]{2,3}(-[a-zA-Z]{2,4})?$/.test(value))
        throw new QueryError(`Invalid lang '${value}'`, position);
      return { kind: 'lang', lang: value.toLowerCase() };
    }
    if (name === 'has' && (HAS_OPERANDS as readonly string[]).includes(value)) {
      return { kind: 'has', what: value as HasOperand };
    }
    if (name === 'is' && (IS_OPERANDS as readonly string[]).includes(value)) {
      return { kind: 'is', what: value as IsOperand };
    }
    throw new QueryError(
      `Reference to invalid operator '${text}'. Operator is not available in the sandbox`,
      position,
    );
  }
  if (/^[#＃]/.test(text)) {
    const tag = text.slice(1).toLowerCase();
    if (!/^[\p{L}\p{N}_]+$/u.test(tag)) throw new QueryError(`Invalid hashtag '${text}'`, position);
    return { kind: 'hashtag', tag };
  }
  if (/^[@＠]/.test(text)) {
    const username = text.slice(1).toLowerCase();
    if (!/^[a-z0-9_]{1,15}$/.test(username)) throw new QueryError(`Invalid mention '${text}'`, position);
    return { kind: 'mention', username };
  }
  const found = words(text);
  if (found.length === 0) throw new QueryError(`No searchable word in '${text}'`, position);
  return found.length === 1 && found[0] ? { kind: 'word', word: found[0] } : { kind: 'phrase', words: found };
}

class Parser {
  #index = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly length: number,
  ) {}

  parseQuery(): QueryNode {
    if (this.tokens.length === 0) throw new QueryError('The query is empty', 0);
    const node = this.#parseOr();
    const extra = this.tokens[this.#index];
    if (extra) throw new QueryError(`Unexpected '${extra.text}'`, extra.position);
    return node;
  }

  #parseOr(): QueryNode {
    const alternatives = [this.#parseAnd()];
    while (this.tokens[this.#index]?.type === 'or') {
      this.#index++;
      alternatives.push(this.#parseAnd());
    }
    return alternatives.length === 1 && alternatives[0]
      ? alternatives[0]
      : { kind: 'or', nodes: alternatives };
  }

  #parseAnd(): QueryNode {
    const parts: QueryNode[] = [];
    for (;;) {
      const token = this.tokens[this.#index];
      if (!token || token.type === 'close' || token.type === 'or') break;
      parts.push(this.#parseUnary(token));
    }
    if (parts.length === 0) {
      const token = this.tokens[this.#index];
      throw new QueryError(
        token ? `Expected a term before '${token.text}'` : 'Expected a term at the end',
        token?.position ?? this.length,
      );
    }
    return parts.length === 1 && parts[0] ? parts[0] : { kind: 'and', nodes: parts };
  }

  #parseUnary(token: Token): QueryNode {
    this.#index++;
    let node: QueryNode;
    if (token.type === 'open') {
      node = this.#parseOr();
      const close = this.tokens[this.#index];
      if (close?.type !== 'close') throw new QueryError("Missing ')'", token.position);
      this.#index++;
    } else {
      node = parseTerm(token);
    }
    return token.negated ? { kind: 'not', node } : node;
  }
}

/** X's rule: a query needs something positive that can stand alone (has: and is: cannot). */
function hasPositiveStandalone(node: QueryNode): boolean {
  switch (node.kind) {
    case 'has':
    case 'is':
    case 'lang':
    case 'not':
      return false;
    case 'and':
      return node.nodes.some(hasPositiveStandalone);
    case 'or':
      return node.nodes.every(hasPositiveStandalone);
    default:
      return true;
  }
}

/** Parses and validates a query; throws QueryError with X-like wording and a 1-based position. */
export function parseQuery(query: string): QueryNode {
  const node = new Parser(tokenize(query), query.length).parseQuery();
  if (!hasPositiveStandalone(node)) {
    throw new QueryError('Rules must contain at least one positive, non-stand-alone operator', 0);
  }
  return node;
}

function containsSequence(haystack: readonly string[], needle: readonly string[]): boolean {
  outer: for (let start = 0; start + needle.length <= haystack.length; start++) {
    for (let offset = 0; offset < needle.length; offset++) {
      if (haystack[start + offset] !== needle[offset]) continue outer;
    }
    return true;
  }
  return false;
}

export function matchesQuery(node: QueryNode, tweet: MatchableTweet): boolean {
  const textWords = words(tweet.text);
  const evaluate = (current: QueryNode): boolean => {
    switch (current.kind) {
      case 'word':
        return textWords.includes(current.word);
      case 'phrase':
        return containsSequence(textWords, current.words);
      case 'from':
        return tweet.authorUsername.toLowerCase() === current.username || tweet.authorId === current.username;
      case 'to':
        return tweet.inReplyToUsername?.toLowerCase() === current.username;
      case 'mention':
        return tweet.mentions.some((username) => username.toLowerCase() === current.username);
      case 'hashtag':
        return tweet.hashtags.some((tag) => tag.toLowerCase() === current.tag);
      case 'conversation':
        return tweet.conversationId === current.id;
      case 'lang':
        return tweet.lang?.toLowerCase() === current.lang;
      case 'retweets_of':
        return tweet.retweetOfUsername?.toLowerCase() === current.username;
      case 'has':
        switch (current.what) {
          case 'media':
            return tweet.mediaTypes.length > 0;
          case 'images':
            return tweet.mediaTypes.includes('photo');
          case 'videos':
            return tweet.mediaTypes.includes('video') || tweet.mediaTypes.includes('animated_gif');
          case 'links':
            return tweet.urlCount > 0 || tweet.mediaTypes.length > 0;
          case 'mentions':
            return tweet.mentions.length > 0;
          case 'hashtags':
            return tweet.hashtags.length > 0;
        }
        return false;
      case 'is':
        if (current.what === 'reply') return tweet.isReply;
        return current.what === 'quote' ? tweet.isQuote : tweet.isRetweet === true;
      case 'not':
        return !evaluate(current.node);
      case 'and':
        return current.nodes.every(evaluate);
      case 'or':
        return current.nodes.some(evaluate);
    }
  };
  return evaluate(node);
}
