app_name = "internal_control"

urlpatterns: list = []
