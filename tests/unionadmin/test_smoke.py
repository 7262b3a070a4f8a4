def test_home_page_greets_a_logged_in_officer(client, officer_a):
    client.force_login(officer_a)
    response = client.get("/")
    assert response.status_code == 200
    assert officer_a.full_name in response.content.decode()
