# Telesign's own demo event handler, the peer bench/run.sh measures TelesignVoice against: the
# "Play and collect digits in Python" sample of Telesign's product page (bottle), with its bugs left
# out and nothing added. It verifies no signature and stores nothing: each event gets a constant action.
from json import dumps

from bottle import default_app, post, request


class Response:
    def __init__(self, method, params=None):
        self.jsonrpc = "2.0"
        self.method = method
        self.params = params if params is not None else {}

    def to_json(self):
        return dumps(self.__dict__)


@post('/webhooks/telesign')
def telesign_event():
    event = request.json.get('event')
    if event in ('incoming_call', 'dial_completed'):
        return Response(method='play', params={
            'url': 'https://url-pointing-to-audio-file.com/file.wav',
            'collect_digits': {'max': 5, 'timeout': 10000, 'inter_digit_timeout': 3000, 'terminators': '#'},
        }).to_json()
    return Response(method='hangup').to_json()


application = default_app()
