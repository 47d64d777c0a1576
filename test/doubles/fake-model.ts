// The wire-protocol double lives in src/ so `weft dev fake-model` can bundle it; tests import it from here.
export {
  FakeModelServer,
  type Fault,
  type Script,
  type RecordedRequest,
} from '../../src/main/models/dev/fake-model-server';
