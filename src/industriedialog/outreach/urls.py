
app_name = "outreach"

urlpatterns: list = []
