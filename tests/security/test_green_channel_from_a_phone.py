"""Attack: a phone took 绿色通道 tickets (``green_channel: true`` on the public endpoint) and
jumped every queue. Now only a registered kiosk in the hall (where the window then checks the
citizen's entitlement) or a staff member issues one; a phone's request is refused."""
API = "/api/v1/tickets"


def test_a_phone_cannot_take_a_green_channel_ticket(client, device, login):
    phone = client.post(API, json={"queue_code": "business", "green_channel": True})
    assert phone.status_code == 403 and phone.get_json()["error"]["code"] == "green_channel_in_the_hall"
    made_up = client.post(API, json={"queue_code": "business", "green_channel": True},
                          headers={"X-Device-Token": "made-up-token"})
    assert made_up.status_code == 403
    screen = client.post(API, json={"queue_code": "business", "green_channel": True},
                         headers={"X-Device-Token": device("window_screen", 2)})   # registered, but no kiosk
    assert screen.status_code == 403
    kiosk = client.post(API, json={"queue_code": "business", "green_channel": True},
                        headers={"X-Device-Token": device("kiosk")})
    assert kiosk.status_code == 201 and kiosk.get_json()["green_channel"] is True
    staff = client.post(API, json={"queue_code": "business", "green_channel": True}, headers=login("staff02"))
    assert staff.status_code == 201 and staff.get_json()["green_channel"] is True
    assert client.post(API, json={"queue_code": "business"}).status_code == 201     # a normal one, as ever
