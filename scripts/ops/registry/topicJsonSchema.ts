import topicJsonSchema from '../../../schemas/topic.schema.json' with { type: 'json' };

export { topicJsonSchema };
