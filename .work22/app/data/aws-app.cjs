// An app using AWS SDK v3 (S3, SQS, DynamoDB) inside a run, against AWS_ENDPOINT.
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const { botanuWorkflow } = require('@botanu/agent');

const config = { endpoint: process.env.AWS_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const s3 = new S3Client({ ...config, forcePathStyle: true });
const sqs = new SQSClient(config);
const dynamo = new DynamoDBClient(config);

const work = botanuWorkflow({ name: 'aws-work', eventId: 'evt-aws-1', customerId: 'cust-aws' }, async () => {
  await s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 'r-1.txt', Body: 'report body' }));
  await sqs.send(new SendMessageCommand({ QueueUrl: `${process.env.AWS_ENDPOINT}/000000000000/jobs`, MessageBody: 'job body' }));
  await dynamo.send(new GetItemCommand({ TableName: 'customers', Key: { id: { S: 'c-1' } } }));
});
work().then(
  () => console.log('DONE'),
  (err) => {
    console.error('FAILED', err);
    process.exitCode = 1;
  },
);
