import { describe, expect, it } from 'vitest';
import { parseModelList } from '../../src/core/model-list.js';

describe('parseModelList', () => {
  it('reads the ids of an OpenAI-style list, skipping entries without a string id', () => {
    expect(parseModelList('{"object":"list","data":[{"id":"a"},{"id":7},{},{"id":"b"}]}')).toEqual([
      'a',
      'b',
    ]);
    expect(parseModelList('{"data":[]}')).toEqual([]);
  });

  it('is undefined for anything that is not a model list', () => {
    for (const body of ['', 'not json', '{}', '{"data":{}}', '[1,2]', 'null']) {
      expect(parseModelList(body)).toBeUndefined();
    }
  });
});
